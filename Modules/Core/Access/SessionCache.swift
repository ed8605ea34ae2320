import Foundation
import Synchronization

/// Checked tokens (by their SHA-256) and who they belong to, each trusted until its deadline.
final class SessionCache: Sendable {
    private let entries = Mutex<[Data: (principal: Principal, until: ContinuousClock.Instant)]>([:])
    /// Beyond this many entries the cache starts afresh rather than grow without bound.
    private let capacity = 50_000

    func principal(for digest: Data) -> Principal? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[digest] else { return nil }
            guard entry.until > now else {
                entries[digest] = nil
                return nil
            }
            return entry.principal
        }
    }

    func remember(_ principal: Principal, for digest: Data, ttl: Duration) {
        guard ttl > .zero else { return }
        let until = ContinuousClock.now + ttl
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[digest] = (principal, until)
        }
    }

    func forget(_ digest: Data) {
        _ = entries.withLock { $0.removeValue(forKey: digest) }
    }

    /// Drops every entry of `username`.
    func forget(username: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.principal.username != username } }
    }
}
