import Foundation
import Glibc
import Logging
import Testing

@testable import EmbeddedPostgres

@Suite("Embedded PostgreSQL clusters (real servers)")
struct EmbeddedClusterTests {
    let logger = Logger(label: "tonghu.embedded-postgres.tests")

    @Test("a temporary cluster answers queries and is deleted on stop")
    func temporaryCluster() async throws {
        let cluster = try await EmbeddedCluster.temporary(logger: logger)
        #expect(cluster.startedHere)
        #expect(cluster.host == "127.0.0.1")
        #expect(cluster.superuser == "tonghu")
        #expect(try psql(cluster, "select 1") == "1")
        #expect(try psql(cluster, "show fsync") == "off")
        await cluster.stop()
        #expect(!FileManager.default.fileExists(atPath: cluster.directory.path))
    }

    @Test("a temporary directory left by a process that exited is removed by the next temporary cluster")
    func removesAbandonedTemporaries() async throws {
        let base = FileManager.default.temporaryDirectory
        let abandoned = base.appending(path: "tonghu-pg-test\(UUID().uuidString.prefix(6))")
        let unowned = base.appending(path: "tonghu-pg-test\(UUID().uuidString.prefix(6))")
        for directory in [abandoned, unowned] {
            try FileManager.default.createDirectory(at: directory.appending(path: "pgdata"), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: unowned) }
        try "\(Int32.max)\n".write(to: abandoned.appending(path: "owner.pid"), atomically: true, encoding: .utf8)

        let cluster = try await EmbeddedCluster.temporary(logger: logger)
        await cluster.stop()
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        #expect(FileManager.default.fileExists(atPath: unowned.path))
    }

    @Test("a persistent cluster keeps its data and port across restarts")
    func persistentCluster() async throws {
        try await withScratchDirectory { scratch in
            let embedded = EmbeddedCluster(directory: scratch.appending(path: "cluster"), logger: logger)
            let first = try await embedded.start()
            #expect(first.startedHere)
            _ = try psql(first, "create table kept (name text); insert into kept values ('童护')")
            await first.stop()
            #expect(PidFile.read(in: first.directory.appending(path: "pgdata")) == nil)

            let second = try await embedded.start()
            #expect(second.startedHere)
            #expect(second.port == first.port)
            #expect(second.password == first.password)
            #expect(try psql(second, "select name from kept") == "童护")
            await second.stop()
        }
    }

    @Test("a second start attaches to the running server, and stopping that handle leaves it running")
    func attachesToRunningServer() async throws {
        try await withScratchDirectory { scratch in
            let embedded = EmbeddedCluster(directory: scratch.appending(path: "cluster"), options: .throwaway, logger: logger)
            let owner = try await embedded.start()
            let attached = try await embedded.start()
            #expect(owner.startedHere)
            #expect(!attached.startedHere)
            #expect(attached.port == owner.port)
            #expect(attached.password == owner.password)

            await attached.stop()
            #expect(try psql(owner, "select 1") == "1")

            await owner.stop()
            #expect(throws: PsqlFailure.self) { try psql(owner, "select 1") }
        }
    }

    @Test("a stale pid file whose pid now belongs to another program does not block the start")
    func stalePidFile() async throws {
        try await withScratchDirectory { scratch in
            let embedded = EmbeddedCluster(directory: scratch.appending(path: "cluster"), options: .throwaway, logger: logger)
            let first = try await embedded.start()
            await first.stop()
            let stale = "1\n\(first.directory.path)/pgdata\n1700000000\n1\n\(first.directory.path)/pgdata\n127.0.0.1\n1 2\nready\n"
            try stale.write(to: first.directory.appending(path: "pgdata/postmaster.pid"), atomically: true, encoding: .utf8)

            let second = try await embedded.start()
            #expect(second.startedHere)
            #expect(try psql(second, "select 1") == "1")
            await second.stop()
        }
    }

    @Test("concurrent starts of one directory run a single server")
    func concurrentStarts() async throws {
        try await withScratchDirectory { scratch in
            let embedded = EmbeddedCluster(directory: scratch.appending(path: "cluster"), options: .throwaway, logger: logger)
            async let a = embedded.start()
            async let b = embedded.start()
            let clusters = try await [a, b]
            #expect(clusters.filter(\.startedHere).count == 1)
            #expect(clusters[0].port == clusters[1].port)
            #expect(try psql(clusters[1], "select 2") == "2")
            for cluster in clusters.sorted(by: { !$0.startedHere && $1.startedHere }) {
                await cluster.stop()
            }
        }
    }

    @Test("a server that cannot start fails with one line quoting postgres.log")
    func startFailureQuotesLog() async throws {
        try await withScratchDirectory { scratch in
            var options = EmbeddedCluster.Options.throwaway
            options.settings["no_such_setting"] = "1"
            let embedded = EmbeddedCluster(directory: scratch.appending(path: "cluster"), options: options, logger: logger)
            await #expect {
                try await embedded.start()
            } throws: { error in
                let description = String(describing: error)
                return description.contains("no_such_setting") && description.contains("postgres.log") && !description.contains("\n")
            }
        }
    }

    @Test("as root the server runs as the postgres user with a root-only password file", .enabled(if: geteuid() == 0))
    func runsUnprivilegedAsRoot() async throws {
        let cluster = try await EmbeddedCluster.temporary(logger: logger)
        let checked = Result { try checkRunsAsPostgres(cluster) }
        await cluster.stop()
        try checked.get()
    }

    private func checkRunsAsPostgres(_ cluster: RunningCluster) throws {
        let postgres = try #require(getpwnam("postgres")).pointee.pw_uid
        let pidFile = try #require(PidFile.read(in: cluster.directory.appending(path: "pgdata")))
        let status = try String(contentsOfFile: "/proc/\(pidFile.pid)/status", encoding: .utf8)
        let uids = try #require(status.split(separator: "\n").first { $0.hasPrefix("Uid:") })
        #expect(uids.split(whereSeparator: \.isWhitespace).dropFirst().allSatisfy { $0 == "\(postgres)" })

        let files = FileManager.default
        let password = try files.attributesOfItem(atPath: cluster.directory.appending(path: "superuser.password").path)
        #expect((password[.posixPermissions] as? Int) == 0o600)
        #expect((password[.ownerAccountID] as? Int) == 0)
        let pgdata = try files.attributesOfItem(atPath: cluster.directory.appending(path: "pgdata").path)
        #expect((pgdata[.ownerAccountID] as? Int) == Int(postgres))
        let directory = try files.attributesOfItem(atPath: cluster.directory.path)
        #expect((directory[.posixPermissions] as? Int) == 0o711)
        #expect(try psql(cluster, "select current_user") == "tonghu")
    }
}
