import Foundation
import Logging

/// A private PostgreSQL cluster under a directory of our own, served on 127.0.0.1 and a free port.
///
/// Processes share one cluster: whichever starts first runs the server, the others find it running
/// and attach. Each registers as a user (``ClusterLease``); the server outlives whichever process
/// started it and stops when the last user leaves (a user that crashed counts as gone; a server left
/// without users by a crash is adopted by the next user). A throwaway cluster (``Options/shared`` false)
/// is its starter's child instead. As root the server runs as the `postgres` user (via `setpriv`),
/// otherwise as the current user. See ``ClusterDirectory`` for the layout.
public struct EmbeddedCluster: Sendable {
    public static let superuser = "tonghu"

    public let directory: URL
    public let options: Options
    let logger: Logger

    public init(directory: URL, options: Options = .persistent, logger: Logger) {
        self.directory = directory
        self.options = options
        self.logger = logger
    }

    /// Attaches to the server already running for this directory, or initialises the cluster
    /// (if the directory has none) and starts a server.
    ///
    /// - Throws: ``EmbeddedPostgresError`` with a one-line description.
    public func start() async throws -> RunningCluster {
        try await start(removingDirectoryOnStop: false)
    }

    /// Starts a throwaway cluster in a new temporary directory; its `stop()` also deletes the directory.
    ///
    /// A process that exits without `stop()` takes its server with it; the directory it leaves is
    /// removed by the next `temporary(logger:)` call of any process.
    public static func temporary(logger: Logger) async throws -> RunningCluster {
        let directory = try ClusterDirectory.makeTemporary()
        do {
            let cluster = EmbeddedCluster(directory: directory.root, options: .throwaway, logger: logger)
            return try await cluster.start(removingDirectoryOnStop: true)
        } catch {
            try? FileManager.default.removeItem(at: directory.root)
            throw error
        }
    }

    private func start(removingDirectoryOnStop: Bool) async throws -> RunningCluster {
        let binaries = try PostgresBinaries.locate()
        let account = try ServerAccount.current()
        let layout = ClusterDirectory(root: directory)
        try layout.prepare(for: account)
        return try await DirectoryLock.holding(layout.lockFile, timeout: options.readinessTimeout * 2) {
            let lease = options.shared ? try ClusterLease.take(layout.usersFile) : nil
            do {
                return try await startOrAttach(
                    binaries: binaries, account: account, layout: layout, lease: lease, removingDirectoryOnStop: removingDirectoryOnStop)
            } catch {
                lease?.release()
                throw error
            }
        }
    }

    /// The body of ``start(removingDirectoryOnStop:)``, under the directory lock.
    private func startOrAttach(
        binaries: PostgresBinaries, account: ServerAccount, layout: ClusterDirectory, lease: ClusterLease?, removingDirectoryOnStop: Bool
    ) async throws -> RunningCluster {
        if let running = try await runningServer(in: layout) {
            logger.info("attached to running embedded PostgreSQL", metadata: ["directory": "\(directory.path)", "port": "\(running.port)"])
            return RunningCluster(
                directory: layout, port: running.port, password: try layout.password(),
                server: nil, lease: lease, removesDirectory: removingDirectoryOnStop, logger: logger
            )
        }
        let password: String
        if layout.isInitialised {
            password = try layout.password()
            if !account.owns(layout.pgdata) { try account.hand(layout.pgdata, recursive: true) }
        } else {
            logger.info("initialising embedded PostgreSQL cluster", metadata: ["directory": "\(directory.path)"])
            password = try await Initdb.run(
                binaries: binaries, account: account, directory: layout, superuser: Self.superuser, options: options)
        }
        let server = try await launch(binaries: binaries, account: account, layout: layout)
        layout.remember(port: server.port)
        logger.info(
            "started embedded PostgreSQL",
            metadata: ["directory": "\(directory.path)", "port": "\(server.port)", "pid": "\(server.child.pid)"])
        return RunningCluster(
            directory: layout, port: server.port, password: password,
            server: server, lease: lease, removesDirectory: removingDirectoryOnStop, logger: logger
        )
    }

    /// The pid file of the server running for this directory once it is `ready`; `nil` when none
    /// runs (a stale pid file is removed, so a reused pid cannot stop `postgres` from starting).
    private func runningServer(in layout: ClusterDirectory) async throws -> PidFile? {
        let deadline = ContinuousClock.now + options.readinessTimeout
        while let pidFile = PidFile.read(in: layout.pgdata) {
            guard pidFile.isServing(layout.pgdata) else {
                try? FileManager.default.removeItem(at: PidFile.location(in: layout.pgdata))
                return nil
            }
            if pidFile.isReady { return pidFile }
            guard ContinuousClock.now < deadline else {
                throw EmbeddedPostgresError.notReady(seconds: Int(options.readinessTimeout.components.seconds), logTail: layout.logTail())
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Starts the server on the remembered port if free, else on a fresh one — retrying with a
    /// fresh port when another program took the chosen one in the meantime.
    private func launch(binaries: PostgresBinaries, account: ServerAccount, layout: ClusterDirectory) async throws -> ServerProcess {
        var port = try LoopbackPort.free(preferring: layout.rememberedPort())
        var attempts = 1
        while true {
            do {
                return try await ServerProcess.start(binaries: binaries, account: account, directory: layout, port: port, options: options)
            } catch let EmbeddedPostgresError.serverExited(_, logTail) where attempts < 3 && logTail.contains("Address already in use") {
                logger.info("port taken while starting embedded PostgreSQL, retrying", metadata: ["port": "\(port)"])
                attempts += 1
                port = try LoopbackPort.free(preferring: nil)
            }
        }
    }
}
