import Foundation
import Glibc
import Logging
import Testing

@testable import EmbeddedPostgres

/// A shared cluster's server belongs to no one process: it outlives the one that started it and stops when the
/// last user leaves; a user that dies without leaving no longer counts.
@Suite("共享集群的生命周期 a shared cluster's lifetime (real servers)", .serialized)
struct SharedLifetimeTests {
    let logger = Logger(label: "tonghu.embedded-postgres.tests")

    var sharedOptions: EmbeddedCluster.Options {
        var options = EmbeddedCluster.Options.throwaway
        options.shared = true
        return options
    }

    @Test("the server runs in a session of its own, outlives the handle that started it, and stops when the last user leaves")
    func lastUserStops() async throws {
        try await withScratchDirectory { scratch in
            let embedded = EmbeddedCluster(directory: scratch.appending(path: "cluster"), options: sharedOptions, logger: logger)
            let starter = try await embedded.start()
            let user = try await embedded.start()
            #expect(starter.startedHere)
            #expect(!user.startedHere)
            let pgdata = starter.directory.appending(path: "pgdata")
            let pidFile = try #require(PidFile.read(in: pgdata))
            #expect(try session(of: pidFile.pid) == pidFile.pid, "the postmaster leads its own session")

            await starter.stop()
            #expect(try psql(user, "select 1") == "1")
            #expect(PidFile.read(in: pgdata)?.pid == pidFile.pid)

            await user.stop()
            #expect(PidFile.read(in: pgdata) == nil)
            #expect(throws: PsqlFailure.self) { try psql(user, "select 1") }
        }
    }

    @Test("another process's lease keeps the server running; once that process is killed, the last leaver stops it")
    func crashedUserDoesNotCount() async throws {
        try await withScratchDirectory { scratch in
            let directory = scratch.appending(path: "cluster")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Before this process takes its own lease, which would answer `anyHeld` by itself.
            let other = try holdLease(on: directory.appending(path: "users"))
            defer { if other.isRunning { kill(other.processIdentifier, SIGKILL) } }
            let embedded = EmbeddedCluster(directory: directory, options: sharedOptions, logger: logger)
            let first = try await embedded.start()
            let pgdata = first.directory.appending(path: "pgdata")

            await first.stop()
            #expect(PidFile.read(in: pgdata) != nil, "a lease of another process keeps the server")

            let second = try await embedded.start()
            #expect(!second.startedHere)
            kill(other.processIdentifier, SIGKILL)
            // The kernel drops a killed process's locks as it exits (even before it is reaped).
            for _ in 0..<50 where other.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            await second.stop()
            #expect(PidFile.read(in: pgdata) == nil)
        }
    }

    /// `flock --shared --no-fork <users> sleep 600`: one process holding a lease as a user of the cluster would.
    private func holdLease(on file: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/flock")
        process.arguments = ["--shared", "--no-fork", file.path, "sleep", "600"]
        try process.run()
        for _ in 0..<500 where (try? ClusterLease.anyHeld(file)) != true { usleep(10_000) }
        #expect(try ClusterLease.anyHeld(file), "flock took the lease")
        return process
    }

    /// Field 6 of `/proc/<pid>/stat`: the session id.
    private func session(of pid: pid_t) throws -> pid_t? {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 3 ? pid_t(fields[3]) : nil
    }
}
