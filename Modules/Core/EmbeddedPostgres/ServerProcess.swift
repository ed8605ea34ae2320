import Foundation
import Glibc
import Logging

/// A `postgres` server this process started as its child: supervised (dying with us) for a private cluster,
/// detached in a session of its own for a shared one.
///
/// (`pg_ctl start` is not used: Foundation never sees it exit, because the postmaster inherits a
/// descriptor it watches.)
struct ServerProcess: Sendable {
    let child: ChildProcess
    let port: Int

    /// Starts `postgres` on `port` and waits until its pid file reports `ready`.
    ///
    /// On failure the server is stopped again before the error is thrown.
    /// - Throws: ``EmbeddedPostgresError/serverExited(termination:logTail:)`` or
    ///   ``EmbeddedPostgresError/notReady(seconds:logTail:)``, quoting `postgres.log`.
    static func start(
        binaries: PostgresBinaries,
        account: ServerAccount,
        directory: ClusterDirectory,
        port: Int,
        options: EmbeddedCluster.Options
    ) async throws -> ServerProcess {
        var arguments = [
            "-D", directory.pgdata.path,
            "-k", directory.pgdata.path,
            "-p", "\(port)",
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_permissions=0700"
        ]
        for (name, value) in options.settings.sorted(by: { $0.key < $1.key }) {
            arguments += ["-c", "\(name)=\(value)"]
        }
        let logStart = directory.logLength()
        let command = account.command(binaries.postgres, arguments, diesWithParent: !options.shared)
        let child = try await ChildProcess.launch(command, output: directory.log, newSession: options.shared)
        let server = ServerProcess(child: child, port: port)
        do {
            try await server.waitUntilReady(directory: directory, logStart: logStart, timeout: options.readinessTimeout)
            return server
        } catch {
            server.child.send(SIGQUIT)
            _ = await server.child.waitForExit()
            throw error
        }
    }

    /// Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit); after `patience`, immediate shutdown.
    func stop(patience: Duration = .seconds(60)) async {
        child.send(SIGINT)
        let deadline = ContinuousClock.now + patience
        while child.termination == nil {
            if ContinuousClock.now >= deadline {
                child.send(SIGQUIT)
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        _ = await child.waitForExit()
    }

    /// Stops the server that `pgdata`'s pid file names, whoever started it: our own child as ``stop(patience:)``
    /// does; another process's with the same signals, waiting until its pid file is gone or names no live server.
    static func stop(serving pgdata: URL, startedHere: ServerProcess?, patience: Duration = .seconds(60)) async {
        guard let pidFile = PidFile.read(in: pgdata), pidFile.isServing(pgdata) else { return }
        if let startedHere, startedHere.child.pid == pidFile.pid {
            return await startedHere.stop(patience: patience)
        }
        kill(pidFile.pid, SIGINT)
        let deadline = ContinuousClock.now + patience
        var signal = SIGINT
        while let current = PidFile.read(in: pgdata), current.pid == pidFile.pid, current.isServing(pgdata) {
            if signal == SIGINT, ContinuousClock.now >= deadline {
                signal = SIGQUIT
                kill(pidFile.pid, SIGQUIT)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func waitUntilReady(directory: ClusterDirectory, logStart: UInt64, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let termination = child.termination {
                throw EmbeddedPostgresError.serverExited(termination: termination.description, logTail: directory.logTail(after: logStart))
            }
            if let pidFile = PidFile.read(in: directory.pgdata), pidFile.pid == child.pid, pidFile.isReady {
                return
            }
            guard ContinuousClock.now < deadline else {
                throw EmbeddedPostgresError.notReady(seconds: Int(timeout.components.seconds), logTail: directory.logTail(after: logStart))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
