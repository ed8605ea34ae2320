import Foundation
import Glibc

/// An exclusive `flock` on a file, so two processes never initialise, start or stop the same cluster (or create the
/// same generated secret) at once.
///
/// `flock` belongs to the open file description, so two tasks of one process exclude each other too.
public enum DirectoryLock {
    /// Runs `body` while holding the lock on `file`, polling for it for up to `timeout`.
    ///
    /// - Throws: ``EmbeddedPostgresError/lockTimeout(path:seconds:)``, or what `body` throws.
    public static func holding<T>(_ file: URL, timeout: Duration, _ body: () async throws -> T) async throws -> T {
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EmbeddedPostgresError.posix(file.path)
        }
        defer { close(descriptor) }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw EmbeddedPostgresError.posix(file.path)
            }
            guard ContinuousClock.now < deadline else {
                throw EmbeddedPostgresError.lockTimeout(path: file.path, seconds: Int(timeout.components.seconds))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await body()
    }
}
