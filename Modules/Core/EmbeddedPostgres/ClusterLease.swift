import Foundation
import Glibc
import Synchronization

/// One process's share in a shared cluster (共享集群的使用登记 — a user's registration): a shared `flock` on
/// `<dir>/users`, held while the process uses the server.
///
/// The kernel drops the lock when the process ends, however it ends, so a crashed user never keeps the server
/// alive for nobody. Whether anyone else still holds a lease is asked with a non-blocking exclusive lock on a
/// descriptor of its own, which a process's own lease blocks too (`flock` belongs to the open file description).
final class ClusterLease: Sendable {
    private let descriptor: Mutex<Int32?>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Registers this process as a user of the cluster whose lease file is `file`.
    ///
    /// Call it holding the cluster's ``DirectoryLock``: a process stopping the server takes its exclusive
    /// lock only under that lock, so the shared lock is granted without waiting.
    static func take(_ file: URL) throws -> ClusterLease {
        let descriptor = try open(file)
        while flock(descriptor, LOCK_SH) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw EmbeddedPostgresError.posix(file.path)
            }
        }
        return ClusterLease(descriptor: descriptor)
    }

    /// Gives up the share; later calls do nothing.
    func release() {
        descriptor.withLock { descriptor in
            if let open = descriptor { close(open) }
            descriptor = nil
        }
    }

    /// Whether any process (this one included) holds a lease on `file`.
    static func anyHeld(_ file: URL) throws -> Bool {
        let descriptor = try open(file)
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw EmbeddedPostgresError.posix(file.path) }
            return true
        }
        flock(descriptor, LOCK_UN)
        return false
    }

    /// Readable by everyone who may reach the directory: a lock needs no write access.
    private static func open(_ file: URL) throws -> Int32 {
        let descriptor = Glibc.open(file.path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EmbeddedPostgresError.posix(file.path) }
        return descriptor
    }
}
