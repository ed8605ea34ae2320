import Foundation
import Testing

@testable import CSVFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Uploads wait in files that have no name, readable by their owner alone, in a directory closed to others.
@Suite struct UploadSpoolTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spool-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aSpoolFileIsPrivateAndUnlinkedWhileInUse() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let spool = UploadSpool(directory: root.appendingPathComponent("uploads"))
        let handle = try spool.file()
        defer { try? handle.close() }
        try handle.write(contentsOf: Data("身份证号\n110101200001011234\n".utf8))

        var status = stat()
        #expect(fstat(handle.fileDescriptor, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(status.st_nlink == 0)
        #expect(fcntl(handle.fileDescriptor, F_GETFD) & FD_CLOEXEC != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.directory.path).isEmpty)
        var directory = stat()
        #expect(lstat(spool.directory.path, &directory) == 0)
        #expect(directory.st_mode & 0o777 == 0o700)
        #if os(Linux)
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(handle.fileDescriptor)")
            #expect(target.hasPrefix(spool.directory.path + "/upload-") && target.hasSuffix(" (deleted)"))
        #endif

        try handle.seek(toOffset: 0)
        let records = try Fixtures.records(try CSVReader(handle: handle, name: "上传文件"))
        #expect(records.map(\.fields) == [["身份证号"], ["110101200001011234"]])
    }

    @Test func anExistingDirectoryIsClosedToOthers() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("uploads")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
        let handle = try UploadSpool(directory: directory).file()
        try handle.close()
        #expect((try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int) == 0o700)
    }

    @Test func aSymbolicLinkIsNotUsedAsTheDirectory() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: false)
        let link = root.appendingPathComponent("uploads")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: elsewhere)
        #expect(throws: UploadSpool.Failure.self) { try UploadSpool(directory: link).file() }
    }

    @Test func theSweepRemovesWhatACrashLeft() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let spool = UploadSpool(directory: root.appendingPathComponent("uploads"))
        try spool.file().close()
        let stale = spool.directory.appendingPathComponent("upload-left-by-a-crash")
        #expect(FileManager.default.createFile(atPath: stale.path, contents: Data("110101200001011234\n".utf8)))
        let legacy = FileManager.default.temporaryDirectory.appendingPathComponent("tonghu-upload-\(UUID().uuidString).csv")
        #expect(FileManager.default.createFile(atPath: legacy.path, contents: Data("110101200001011234\n".utf8)))
        #expect(spool.sweep() >= 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.directory.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: legacy.path))
    }
}
