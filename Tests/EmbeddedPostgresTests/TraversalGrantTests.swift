import Foundation
import Glibc
import Logging
import Testing

@testable import EmbeddedPostgres

@Suite("A cluster directory under a directory the server account cannot enter (root's 0700 home, mktemp -d)")
struct TraversalGrantTests {
    let logger = Logger(label: "tonghu.embedded-postgres.tests")

    @Test("as root, a cluster under a 0700 directory starts: postgres gains passage only, nobody else gains anything")
    func clusterUnderPrivateHome() async throws {
        guard geteuid() == 0 else { return }
        let home = FileManager.default.temporaryDirectory.appending(path: "tonghu-home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home.appending(path: "checkout"), withIntermediateDirectories: true)
        for path in [home, home.appending(path: "checkout")] { chmod(path.path, 0o700) }
        defer { try? FileManager.default.removeItem(at: home) }
        let account = try ServerAccount.current()
        let postgres = try #require(account.switchedTo)
        #expect(!TraversalGrant.canTraverse(home.path, as: postgres))

        let cluster = try await EmbeddedCluster(directory: home.appending(path: "checkout/.tonghu"), logger: logger).start()
        #expect(try psql(cluster, "select 1") == "1")
        await cluster.stop()

        for path in [home, home.appending(path: "checkout")] {
            #expect(TraversalGrant.canTraverse(path.path, as: postgres))
            let entries = try #require(AccessList.read(path.path))
            #expect(entries.contains { $0.tag == .user && $0.id == postgres.uid && $0.permissions == 1 })
            #expect(entries.first { $0.tag == .other }?.permissions == 0)
            #expect(entries.first { $0.tag == .groupObject }?.permissions == 0)
        }
        let stranger = ServerAccount.SystemUser(name: "nobody", uid: 65534, gid: 65534)
        #expect(!TraversalGrant.canTraverse(home.path, as: stranger))
    }

    @Test("the check follows the mode bits and an existing ACL the way the kernel does")
    func canTraverseReadsModeAndACL() throws {
        guard geteuid() == 0 else { return }
        try withTemporaryDirectory { directory in
            let postgres = try #require(try ServerAccount.current().switchedTo)
            chmod(directory.path, 0o701)
            #expect(TraversalGrant.canTraverse(directory.path, as: postgres))
            chmod(directory.path, 0o700)
            #expect(!TraversalGrant.canTraverse(directory.path, as: postgres))
            try TraversalGrant.grant(to: postgres, along: directory.appending(path: "inside"))
            #expect(TraversalGrant.canTraverse(directory.path, as: postgres))
            // A second grant leaves the one entry as it is.
            try TraversalGrant.grant(to: postgres, along: directory.appending(path: "inside"))
            #expect(AccessList.read(directory.path)?.filter { $0.tag == .user }.count == 1)
        }
    }

    @Test("ancestors run from / to the parent")
    func ancestors() {
        #expect(
            TraversalGrant.ancestors(of: URL(filePath: "/root/work/tonghu/.tonghu")) == ["/", "/root", "/root/work", "/root/work/tonghu"])
    }

    private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "tonghu-acl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }
}
