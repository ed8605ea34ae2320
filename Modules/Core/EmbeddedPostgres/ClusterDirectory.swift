import Foundation
import Glibc

/// The files of one embedded cluster under its directory.
///
/// ```
/// <dir>/pgdata              the cluster (owned by the service account when we are root)
/// <dir>/postgres.log        initdb and server output
/// <dir>/port                the last port, preferred on the next start
/// <dir>/superuser.password  mode 0600
/// <dir>/.lock               flock'ed while a process initialises, starts or stops the cluster
/// <dir>/users               shared clusters: flock'ed (shared) by every process using the server
/// <dir>/owner.pid           temporary clusters only: the process that created the directory
/// ```
struct ClusterDirectory: Sendable {
    let root: URL

    var pgdata: URL { root.appending(path: "pgdata") }
    var log: URL { root.appending(path: "postgres.log") }
    var portFile: URL { root.appending(path: "port") }
    var passwordFile: URL { root.appending(path: "superuser.password") }
    var lockFile: URL { root.appending(path: ".lock") }
    var usersFile: URL { root.appending(path: "users") }
    var initdbPasswordFile: URL { root.appending(path: ".initdb-password") }

    /// Whether `initdb` has completed here.
    var isInitialised: Bool {
        FileManager.default.fileExists(atPath: pgdata.appending(path: "PG_VERSION").path)
    }

    /// Creates the directory; as root also makes it traversable (0711) and grants the service account passage
    /// through any ancestor it cannot enter (``TraversalGrant``), so it reaches `pgdata`.
    func prepare(for account: ServerAccount) throws {
        try attempt(root) {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if account.switchedTo != nil {
                try FileManager.default.setAttributes([.posixPermissions: 0o711], ofItemAtPath: root.path)
            }
        }
        if let user = account.switchedTo { try TraversalGrant.grant(to: user, along: root) }
    }

    /// Creates an empty `pgdata` (mode 0700) for `initdb`, owned by the service account.
    func createDataDirectory(for account: ServerAccount) throws {
        try attempt(pgdata) {
            try FileManager.default.createDirectory(at: pgdata, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try account.hand(pgdata)
    }

    /// The port remembered from the last start.
    func rememberedPort() -> Int? {
        (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Saves `port` for the next start; best effort, as it is only a preference.
    func remember(port: Int) {
        try? "\(port)\n".write(to: portFile, atomically: true, encoding: .utf8)
    }

    func password() throws -> String {
        try attempt(passwordFile) {
            try String(contentsOf: passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Writes `contents` to a new file created with mode 0600 (replacing any old one), so it is never readable by others.
    func writeSecret(_ contents: String, to file: URL) throws {
        unlink(file.path)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw EmbeddedPostgresError.posix(file.path) }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw EmbeddedPostgresError.posix(file.path)
        }
    }

    /// The current length of `postgres.log`, to quote only what a later launch writes.
    func logLength() -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: log.path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// The last `count` non-empty lines of `postgres.log` written after `offset`, joined into one line.
    func logTail(lines count: Int = 6, after offset: UInt64 = 0) -> String {
        guard let handle = try? FileHandle(forReadingFrom: log) else { return "(无日志 no log at \(log.path))" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: max(offset, size > 4096 ? size - 4096 : 0))
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return "\(log.path): " + lines.suffix(count).joined(separator: " | ")
    }

    /// Runs `body`, turning any error into ``EmbeddedPostgresError/fileSystem(path:reason:)`` for `url`.
    private func attempt<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw EmbeddedPostgresError.fileSystem(
                path: url.path, reason: error.localizedDescription.replacingOccurrences(of: "\n", with: " "))
        }
    }
}
