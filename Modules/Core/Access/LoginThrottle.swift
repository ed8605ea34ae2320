import Database
import Foundation
import PostgresNIO
import Vocabulary

/// 登录限速 — sign-in attempts counted per username and client (`core.login_throttle`, core migration 7), so that
/// an attacker's client slows down and nobody is locked out of their own account (ASVS 2.2.1).
///
/// Every attempt is counted before its password is checked (parallel guesses count too) and forgotten when it
/// succeeds. After `failuresBeforeBackoff` attempts for one username from one client, or `clientFailuresBeforeBackoff`
/// from one client across all usernames, each further attempt waits `firstBackoff`, doubling up to `longestBackoff`;
/// an attempt that comes early is refused with `LoginThrottled`, without checking the password and without being
/// counted. Unknown usernames are counted exactly as real ones, and rows hold a username only as its SHA-256, so
/// the table says nothing about who exists. A client is its IPv4 address or its IPv6 /64 (`core.login_client`);
/// requests without an address (a Unix socket, router tests) count as one client.
struct LoginThrottle: Sendable {
    let database: Database
    let policy: AccessPolicy

    /// Counts an attempt for `username` from `client`, or throws `LoginThrottled` if it comes before its time.
    func claim(username: String, client: String?) async throws {
        let subject = Self.subject(username)
        let memory = policy.failureMemory.inSeconds
        let wait: Duration = try await database.transaction { connection in
            // One client's attempts are counted one at a time, so that its total across usernames is exact.
            try await connection.run(
                "SELECT pg_advisory_xact_lock(\(Self.lockClass), hashtext(core.login_client(\(client))::text))", logger: database.logger)
            let row = try await connection.query(
                """
                SELECT COALESCE(sum(failures), 0)::int8,
                       COALESCE(extract(epoch FROM now() - max(last_attempt_at)), 0)::float8,
                       COALESCE(max(failures) FILTER (WHERE username_hash = \(subject)), 0)::int8,
                       COALESCE(extract(epoch FROM max(next_allowed_at) FILTER (WHERE username_hash = \(subject)) - now()), 0)::float8
                FROM core.login_throttle
                WHERE client = core.login_client(\(client)) AND last_attempt_at > now() - make_interval(secs => \(memory))
                """, logger: database.logger
            ).decode((Int, Double, Int, Double).self).first()
            let (clientAttempts, sinceClientAttempt, attempts, untilAllowed) = row ?? (0, 0, 0, 0)
            let clientWait = policy.backoff(after: clientAttempts, free: policy.clientFailuresBeforeBackoff) - .seconds(sinceClientAttempt)
            let wait = max(.seconds(untilAllowed), clientWait)
            if wait > .zero { return wait }
            let next = policy.backoff(after: attempts + 1, free: policy.failuresBeforeBackoff).inSeconds
            try await connection.run(
                """
                INSERT INTO core.login_throttle (client, username_hash, failures, last_attempt_at, next_allowed_at)
                VALUES (core.login_client(\(client)), \(subject), \(attempts + 1), now(), now() + make_interval(secs => \(next)))
                ON CONFLICT (client, username_hash) DO UPDATE
                    SET failures = EXCLUDED.failures, last_attempt_at = EXCLUDED.last_attempt_at, next_allowed_at = EXCLUDED.next_allowed_at
                """, logger: database.logger)
            // Rows of clients that stopped trying go a hundred at a time, so the table stays as small as the memory.
            try await connection.run(
                """
                DELETE FROM core.login_throttle WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM core.login_throttle WHERE last_attempt_at < now() - make_interval(secs => \(memory)) LIMIT 100))
                """, logger: database.logger)
            return .zero
        }
        if wait > .zero { throw LoginThrottled(retryAfter: Int(wait.inSeconds.rounded(.up))) }
    }

    /// Forgets the attempts of `client` for `username` after it signed in.
    func succeeded(username: String, client: String?, on connection: PostgresConnection) async throws {
        try await connection.run(
            """
            DELETE FROM core.login_throttle WHERE client = core.login_client(\(client)) AND username_hash = \(Self.subject(username))
            """, logger: database.logger)
    }

    /// Forgets every client's attempts for `username` (its password was reset by an administrator).
    static func forget(username: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("DELETE FROM core.login_throttle WHERE username_hash = \(subject(username))", logger: logger)
    }

    /// How a username is stored: its SHA-256, whether or not such a user exists.
    static func subject(_ username: String) -> Data { Sessions.digest(username) }

    /// The first key of the advisory locks that serialise one client's attempts (the second is the client's hash).
    static let lockClass: Int32 = 7
}

/// 429: a sign-in attempt before its backoff has passed; `retryAfter` is the `Retry-After` header in seconds.
public struct LoginThrottled: ProblemConvertible {
    public let retryAfter: Int

    public var problem: Problem {
        Problem(
            kind: "too-many-attempts", status: 429, title: .init(zh: "登录尝试过于频繁", en: "Too many sign-in attempts"),
            detail: .init(zh: "登录失败次数过多, 请 \(retryAfter) 秒后再试", en: "Too many failed sign-ins; try again in \(retryAfter) seconds"))
    }
}
