import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 上传暂存 — where an uploaded CSV waits to be read, so that no ID number in it outlives the request.
///
/// Each file is created mode 0600 in a directory of this user's alone (mode 0700; `$TMPDIR/tonghu-uploads-<uid>`
/// unless told) and unlinked before a byte is written: it is read back through its descriptor and its blocks are
/// freed when that closes or the process dies, `kill -9` included. ``sweep()`` (at gateway start) removes what a
/// crash between creating and unlinking can leave, and the `tonghu-upload-*.csv` files that versions before this
/// one left in the temporary directory.
public struct UploadSpool: Sendable {
    public let directory: URL
    private let legacyDirectory: URL

    public init(directory: URL? = nil) {
        let temporary = FileManager.default.temporaryDirectory
        self.directory = directory ?? temporary.appendingPathComponent("tonghu-uploads-\(geteuid())", isDirectory: true)
        legacyDirectory = temporary
    }

    /// Why no spool file could be made.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A new file open for reading and writing that has no name left (not inherited by child processes).
    public func file() throws(Failure) -> FileHandle {
        try prepareDirectory()
        let path = directory.appendingPathComponent("upload-\(UUID().uuidString)").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "open \(path): \(Self.reason())") }
        // A sweep by another gateway may have unlinked it already, which is as good.
        guard unlink(path) == 0 || errno == ENOENT else {
            let reason = Self.reason()
            close(descriptor)
            throw Failure(description: "unlink \(path): \(reason)")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Removes leftovers: every file in the spool directory and this user's `tonghu-upload-*.csv` in the temporary
    /// directory. Returns how many were removed.
    @discardableResult
    public func sweep() -> Int {
        let manager = FileManager.default
        let spooled = ((try? manager.contentsOfDirectory(atPath: directory.path)) ?? []).map { directory.appendingPathComponent($0) }
        let legacy = ((try? manager.contentsOfDirectory(atPath: legacyDirectory.path)) ?? [])
            .filter { $0.hasPrefix("tonghu-upload-") && $0.hasSuffix(".csv") }
            .map { legacyDirectory.appendingPathComponent($0) }
        return (spooled + legacy).filter { isOwnFile($0.path) && unlink($0.path) == 0 }.count
    }

    /// Creates the directory 0700, or checks that the existing one is a directory of this user's and closes it to others.
    private func prepareDirectory() throws(Failure) {
        let path = directory.path
        if mkdir(path, 0o700) == 0 || errno == EEXIST {
            var status = stat()
            guard lstat(path, &status) == 0 else { throw Failure(description: "lstat \(path): \(Self.reason())") }
            guard status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid() else {
                throw Failure(description: "\(path) is not a directory of this user's (uid \(geteuid()))")
            }
            guard status.st_mode & 0o077 == 0 || chmod(path, 0o700) == 0 else {
                throw Failure(description: "chmod \(path): \(Self.reason())")
            }
            return
        }
        throw Failure(description: "mkdir \(path): \(Self.reason())")
    }

    private func isOwnFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && status.st_uid == geteuid()
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
