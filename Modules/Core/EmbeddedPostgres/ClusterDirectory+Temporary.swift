import Foundation
import Glibc

extension ClusterDirectory {
    private static let temporaryPrefix = "tonghu-pg-"
    private static let ownerFileName = "owner.pid"

    /// Creates a new, empty directory `<tmp>/tonghu-pg-XXXXXX` with mode 0711 (traversable by the
    /// service account), recording our pid in `owner.pid`.
    ///
    /// First removes the temporary directories of processes that exited without `stop()` (their
    /// servers died with them), since a test process has no reliable last moment to clean up.
    static func makeTemporary() throws -> ClusterDirectory {
        let base = FileManager.default.temporaryDirectory
        removeAbandonedTemporaries(in: base)
        let template = base.appending(path: "\(temporaryPrefix)XXXXXX").path
        var buffer = Array(template.utf8CString)
        guard mkdtemp(&buffer) != nil else { throw EmbeddedPostgresError.posix(template) }
        let path = String(decoding: buffer.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard chmod(path, 0o711) == 0 else { throw EmbeddedPostgresError.posix(path) }
        let directory = ClusterDirectory(root: URL(filePath: path, directoryHint: .isDirectory))
        try? "\(getpid())\n".write(to: directory.root.appending(path: ownerFileName), atomically: true, encoding: .utf8)
        return directory
    }

    /// Removes `tonghu-pg-*` directories whose `owner.pid` names a process that no longer exists.
    private static func removeAbandonedTemporaries(in base: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for name in names where name.hasPrefix(temporaryPrefix) {
            let directory = base.appending(path: name)
            guard let text = try? String(contentsOf: directory.appending(path: ownerFileName), encoding: .utf8),
                let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
