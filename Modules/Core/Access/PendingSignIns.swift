import Foundation
import Synchronization

/// 待完成的登录 — the console's sign-ins whose password was right and whose second-factor code is still to come, kept
/// in this process only: the browser holds a random token (an HttpOnly cookie), never the password. Each lives
/// `lifetime` and is taken once; a wrong code gets a fresh token for the next try.
final class PendingSignIns: Sendable {
    struct Pending: Sendable {
        let userID: UUID
        let username: String
    }

    private let entries = Mutex<[Data: (pending: Pending, until: ContinuousClock.Instant)]>([:])
    let lifetime: Duration = .seconds(300)
    /// Beyond this many entries the expired ones go; past it still, the oldest half.
    private let capacity = 10_000

    /// A new token for `pending`.
    func open(_ pending: Pending) -> String {
        let token = Sessions.randomToken()
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.until > now }
                if entries.count >= capacity {
                    let oldest = entries.sorted { $0.value.until < $1.value.until }.prefix(capacity / 2).map(\.key)
                    for key in oldest { entries[key] = nil }
                }
            }
            entries[Sessions.digest(token)] = (pending, now + lifetime)
        }
        return token
    }

    /// The sign-in of `token`, removed so it serves once; `nil` when unknown or expired.
    func take(_ token: String) -> Pending? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: Sessions.digest(token)), entry.until > now else { return nil }
            return entry.pending
        }
    }
}
