import Crypto
import Database
import Districts
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Vocabulary

/// Sign-in, bearer tokens and sign-out. Tokens are 32 random bytes (base64url) handed to the client once;
/// only their SHA-256 is stored. A token dies after `idleTimeout` without use or `absoluteLifetime` in all.
///
/// A checked token is remembered in this process for `policy.sessionCacheTTL` (5 s), so a burst of requests costs
/// one lookup; logout through this gateway forgets it at once, and a revocation elsewhere (another gateway, the
/// CLI disabling a user) takes effect within that TTL.
public struct Sessions: Sendable {
    let database: Database
    let policy: AccessPolicy
    let hasher: PasswordHasher
    let throttle: LoginThrottle
    /// Checked when the username is unknown; made once, at the real cost (about a quarter of a second at 12).
    let decoy: String
    let cache = SessionCache()

    public init(database: Database, policy: AccessPolicy) {
        self.database = database
        self.policy = policy
        let hasher = PasswordHasher(cost: policy.bcryptCost)
        self.hasher = hasher
        self.throttle = LoginThrottle(database: database, policy: policy)
        self.decoy = hasher.decoy()
    }

    public struct Issued: Sendable, Codable {
        public let token: String
        public let expiresAt: Date
        public let userID: UUID
    }

    /// Checks the password of `username` signing in from `client` (an IP address; `nil` without one).
    ///
    /// Unknown user, disabled account and wrong password cost the same bcrypt and give the same 401; an attempt
    /// inside its client's backoff (`LoginThrottle`) gives `LoginThrottled` (429) for any username alike, without
    /// looking at the account or the password.
    public func login(username: String, password: String, client: String? = nil) async throws -> Issued {
        try await throttle.claim(username: username, client: client)
        let row = try await database.withConnection { connection in
            try await connection.query("SELECT id, password_hash, disabled FROM core.users WHERE username = \(username)",
                                       logger: database.logger).decode((UUID, String, Bool).self).first()
        }
        guard try await hasher.verify(password, hash: row?.1 ?? decoy), let row, !row.2 else { throw Self.badCredentials }
        let token = Self.randomToken()
        let expiresAt = try await database.transaction { connection in
            try await throttle.succeeded(username: username, client: client, on: connection)
            return try await connection.query("""
                INSERT INTO core.sessions (token_hash, user_id, expires_at)
                VALUES (\(Self.digest(token)), \(row.0), now() + make_interval(secs => \(policy.absoluteLifetime.wholeSeconds)))
                RETURNING expires_at
                """, logger: database.logger).decode(Date.self).first()!
        }
        return Issued(token: token, expiresAt: expiresAt, userID: row.0)
    }

    /// The caller behind `token`, or `nil` when it is unknown, revoked, idle too long, past its lifetime or its
    /// user is disabled. Use is recorded at most once a minute, so reads stay reads.
    public func authenticate(_ token: String) async throws -> Principal? {
        guard token.utf8.count == 43 else { return nil }
        let digest = Self.digest(token)
        if let cached = cache.principal(for: digest) { return cached }
        let found: (Principal, Date)? = try await database.withConnection { connection in
            let rows = try await connection.execute(FindSession(digest: digest, idleSeconds: policy.idleTimeout.wholeSeconds), logger: database.logger)
            guard let (id, username, displayName, roles, districts, stale, expiresAt) = try await rows.first() else { return nil }
            if stale {
                try await connection.run("UPDATE core.sessions SET last_seen_at = now() WHERE token_hash = \(digest)", logger: database.logger)
            }
            let grants = zip(roles, districts).compactMap { role, code in DistrictCode(value: code).map { Grant(role: role, district: $0) } }
            return (Principal(userID: id, username: username, displayName: displayName, grants: grants), expiresAt)
        }
        guard let (principal, expiresAt) = found else { return nil }
        // Never trust the cache past the token's own idle or absolute deadline.
        let untilExpiry = Duration.seconds(max(0, expiresAt.timeIntervalSinceNow))
        cache.remember(principal, for: digest, ttl: min(policy.sessionCacheTTL, policy.idleTimeout, untilExpiry))
        return principal
    }

    public func logout(_ token: String) async throws {
        cache.forget(Self.digest(token))
        try await database.withConnection { connection in
            try await connection.run("UPDATE core.sessions SET revoked_at = now() WHERE token_hash = \(Self.digest(token)) AND revoked_at IS NULL", logger: database.logger)
        }
    }

    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }

    static let badCredentials = Problem(kind: "bad-credentials", status: 401, title: .init(zh: "登录失败", en: "Login failed"),
        detail: .init(zh: "用户名或密码错误", en: "Wrong username or password"), field: "password")
}

/// The per-request session lookup as a named prepared statement: user, grants, and whether use is worth recording.
struct FindSession: PostgresPreparedStatement {
    static let sql = """
        SELECT u.id, u.username, u.display_name,
               COALESCE(array_agg(g.role) FILTER (WHERE g.role IS NOT NULL), '{}'),
               COALESCE(array_agg(g.district) FILTER (WHERE g.role IS NOT NULL), '{}'),
               s.last_seen_at < now() - interval '1 minute', s.expires_at
        FROM core.sessions s
        JOIN core.users u ON u.id = s.user_id AND NOT u.disabled
        LEFT JOIN core.grants g ON g.user_id = u.id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $2)
        GROUP BY u.id, s.last_seen_at, s.expires_at
        """
    typealias Row = (UUID, String, String, [String], [Int64], Bool, Date)

    let digest: Data
    let idleSeconds: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(ByteBuffer(bytes: digest))
        bindings.append(Double(idleSeconds))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
