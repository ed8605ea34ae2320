import Foundation
import Testing

@testable import EmbeddedPostgres

@Suite("Locating the PostgreSQL binaries")
struct PostgresBinariesTests {
    @Test("missing binaries give one line naming the install command")
    func missingBinaries() {
        let nowhere = [URL(filePath: "/nonexistent/tonghu/a"), URL(filePath: "/nonexistent/tonghu/b")]
        #expect {
            try PostgresBinaries.locate(searching: nowhere)
        } throws: { error in
            let description = String(describing: error)
            return error is EmbeddedPostgresError
                && description.contains("apt-get install -y postgresql")
                && description.hasPrefix("未找到 PostgreSQL 服务器程序 (initdb/postgres)")
                && !description.contains("\n")
        }
    }

    @Test("the installed server is found")
    func locatesInstalledServer() throws {
        let binaries = try PostgresBinaries.locate()
        #expect(FileManager.default.isExecutableFile(atPath: binaries.initdb.path))
        #expect(FileManager.default.isExecutableFile(atPath: binaries.postgres.path))
    }

    @Test("versioned directories come highest version first")
    func highestVersionFirst() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "tonghu-versions-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["9.6", "15", "16", "notes"] {
            try FileManager.default.createDirectory(at: root.appending(path: name), withIntermediateDirectories: true)
        }
        let found = PostgresBinaries.versionedDirectories(under: root).map { $0.deletingLastPathComponent().lastPathComponent }
        #expect(found == ["16", "15", "9.6"])
    }
}
