import Children
import Crypto
import Database
import Districts
import Foundation
import Logging
import NIOCore
import Policy
import PostgresNIO
import Vocabulary

/// Sign-in, bearer tokens and sign-out. Tokens are 32 random bytes (base64url) handed to the client once;
/// only their SHA-256 is stored. A token dies after `idleTimeout` without use or `absoluteLifetime` in all.
///
/// A user whose roles need a second factor (`SecondFactors`) signs in with a code once enrolled, and until then gets
/// a token good only for enrolling (`Principal.enrolmentOnly`).
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
    let secondFactors: SecondFactors
    let pendingSignIns = PendingSignIns()

    /// `keyring` seals the TOTP secrets; `settings` holds `core.two-factor-roles`.
    public init(database: Database, policy: AccessPolicy, keyring: KeyringSource, settings: PolicyStore) {
        self.database = database
        self.policy = policy
        self.secondFactors = SecondFactors(keyring: keyring, settings: settings, logger: database.logger)
        let hasher = PasswordHasher(cost: policy.bcryptCost)
        self.hasher = hasher
        self.throttle = LoginThrottle(database: database, policy: policy)
        self.decoy = hasher.decoy()
    }

    public struct Issued: Sendable, Codable {
        public let token: String
        public let expiresAt: Date
        public let userID: UUID
        /// The token serves only enrolment of a second factor (`Principal.enrolmentOnly`).
        public let enrolmentOnly: Bool
        /// How many unused recovery codes are left, when one was spent on this sign-in.
        public let recoveryCodesLeft: Int?
    }

    /// Checks the password of `username` signing in from `client` (an IP address; `nil` without one).
    ///
    /// Unknown user, disabled account and wrong password cost the same bcrypt and give the same 401; an attempt
    /// inside its client's backoff (`LoginThrottle`) gives `LoginThrottled` (429) for any username alike, without
    /// looking at the account or the password. After the right password, an enrolled user without `code` gets 401
    /// `second-factor-required` and with a wrong or used one 401 `bad-second-factor`; both count as failed attempts.
    public func login(username: String, password: String, code: String? = nil, client: String? = nil) async throws -> Issued {
        try await throttle.claim(username: username, client: client)
        let userID = try await checkPassword(username: username, password: password)
        return try await issue(userID, username: username, code: code, client: client)
    }

    /// Where the console's sign-in of `username` stands: signed in, or the password was right and the account's code
    /// is awaited under `pendingToken` (`refused`: the wrong code just sent).
    public enum SignInStep: Sendable {
        case signedIn(Issued, username: String)
        case codeNeeded(pendingToken: String, username: String, refused: Problem?)
    }

    /// The console's first step: `login` without a code, except that an account needing one gets a pending sign-in
    /// (`PendingSignIns`) instead of `second-factor-required`, so the page never carries the password. Counted by
    /// the same throttle.
    public func beginSignIn(username: String, password: String, client: String?) async throws -> SignInStep {
        try await throttle.claim(username: username, client: client)
        let userID = try await checkPassword(username: username, password: password)
        do {
            return .signedIn(try await issue(userID, username: username, code: nil, client: client), username: username)
        } catch let problem as Problem where problem.kind == SecondFactors.required.kind {
            let token = pendingSignIns.open(.init(userID: userID, username: username))
            return .codeNeeded(pendingToken: token, username: username, refused: nil)
        }
    }

    /// The console's second step: the code for the pending sign-in `pendingToken`, which serves once (a wrong code gets
    /// a new one). Each try counts in the throttle as an attempt of its username; unknown or expired → 401
    /// `sign-in-expired`.
    public func finishSignIn(pendingToken: String, code: String, client: String?) async throws -> SignInStep {
        guard let pending = pendingSignIns.take(pendingToken) else { throw Self.signInExpired }
        try await throttle.claim(username: pending.username, client: client)
        do {
            let issued = try await issue(pending.userID, username: pending.username, code: code, client: client)
            return .signedIn(issued, username: pending.username)
        } catch let problem as Problem where problem.kind == SecondFactors.wrongCode.kind {
            return .codeNeeded(pendingToken: pendingSignIns.open(pending), username: pending.username, refused: problem)
        }
    }

    static let signInExpired = Problem(
        kind: "sign-in-expired", status: 401, title: .init(zh: "登录已过期", en: "Sign-in expired"),
        detail: .init(
            zh: "登录等待动态口令的时间已过或已使用, 请重新输入用户名和密码",
            en: "the sign-in awaiting its code expired or was used; enter the username and password again"))

    /// The user signing in as `username` with `password`: unknown, disabled and wrong alike cost one bcrypt and give 401.
    func checkPassword(username: String, password: String) async throws -> UUID {
        let row = try await database.withConnection { connection in
            try await connection.query(
                "SELECT id, password_hash, disabled FROM core.users WHERE username = \(username)",
                logger: database.logger
            ).decode((UUID, String, Bool).self).first()
        }
        guard try await hasher.verify(password, hash: row?.1 ?? decoy), let row, !row.2 else { throw Self.badCredentials }
        return row.0
    }

    /// A session for `userID`, whose password was checked, after its second factor (`code`) when it has one.
    func issue(_ userID: UUID, username: String, code: String?, client: String?) async throws -> Issued {
        let token = Self.randomToken()
        let now = policy.clock()
        let (expiresAt, enrolmentOnly, used) = try await database.transaction { connection in
            var (enrolmentOnly, used): (Bool, SecondFactors.Use?) = (false, nil)
            if policy.enforcesSecondFactor {
                switch try await secondFactors.demand(of: userID, today: CalendarDate.today(now), on: connection) {
                case .nothing: break
                case .enrolment: enrolmentOnly = true
                case let .code(totp, lastStep):
                    guard let code, !code.isEmpty else { throw SecondFactors.required }
                    guard
                        let use = try await secondFactors.spend(code, totp: totp, lastStep: lastStep, user: userID, at: now, on: connection)
                    else {
                        throw SecondFactors.wrongCode
                    }
                    used = use
                }
            }
            try await throttle.succeeded(username: username, client: client, on: connection)
            let expiresAt = try await connection.query(
                """
                INSERT INTO core.sessions (token_hash, user_id, expires_at, enrolment_only)
                VALUES (\(Self.digest(token)), \(userID), now() + make_interval(secs => \(policy.absoluteLifetime.wholeSeconds)), \(enrolmentOnly))
                RETURNING expires_at
                """, logger: database.logger
            ).decode(Date.self).single("core.sessions RETURNING expires_at")
            return (expiresAt, enrolmentOnly, used)
        }
        var left: Int?
        if case let .recoveryCode(remaining) = used { left = remaining }
        return Issued(token: token, expiresAt: expiresAt, userID: userID, enrolmentOnly: enrolmentOnly, recoveryCodesLeft: left)
    }

    /// Starts the second-factor enrolment of the caller (again, while unconfirmed); 409 once one is confirmed.
    public func enrolSecondFactor(_ caller: Principal, on connection: PostgresConnection) async throws -> Enrolment {
        try await secondFactors.enrol(caller.userID, username: caller.username, on: connection)
    }

    /// Confirms the caller's enrolment with a code (422 naming `code` when wrong), makes the session of `token` a
    /// full one and returns the recovery codes, shown only now.
    public func confirmSecondFactor(_ caller: Principal, code: String, token: String, on connection: PostgresConnection) async throws
        -> [String]
    {
        let codes = try await secondFactors.confirm(caller.userID, code: code, at: policy.clock(), on: connection)
        try await connection.run(
            "UPDATE core.sessions SET enrolment_only = false WHERE token_hash = \(Self.digest(token)) AND user_id = \(caller.userID)",
            logger: database.logger)
        cache.forget(Self.digest(token))
        return codes
    }

    /// The caller behind `token`, or `nil` when it is unknown, revoked, idle too long, past its lifetime or its
    /// user is disabled. Use is recorded at most once a minute, so reads stay reads.
    public func authenticate(_ token: String) async throws -> Principal? {
        guard token.utf8.count == 43 else { return nil }
        let digest = Self.digest(token)
        if let cached = cache.principal(for: digest) { return cached }
        let found: (Principal, Date)? = try await database.withConnection { connection in
            let rows = try await connection.execute(
                FindSession(digest: digest, idleSeconds: policy.idleTimeout.wholeSeconds), logger: database.logger)
            guard let (id, username, displayName, roles, districts, stale, expiresAt, enrolmentOnly) = try await rows.first() else {
                return nil
            }
            if stale {
                try await connection.run(
                    "UPDATE core.sessions SET last_seen_at = now() WHERE token_hash = \(digest)", logger: database.logger)
            }
            let grants = zip(roles, districts).compactMap { role, code in DistrictCode(value: code).map { Grant(role: role, district: $0) }
            }
            return (
                Principal(userID: id, username: username, displayName: displayName, grants: grants, enrolmentOnly: enrolmentOnly), expiresAt
            )
        }
        guard let (principal, expiresAt) = found else { return nil }
        // Never trust the cache past the token's own idle or absolute deadline.
        let untilExpiry = Duration.seconds(max(0, expiresAt.timeIntervalSinceNow))
        cache.remember(principal, for: digest, ttl: min(policy.sessionCacheTTL, policy.idleTimeout, untilExpiry))
        return principal
    }

    /// Stops trusting the cached sessions of `username` (its account was locked or its grants changed through this
    /// gateway): its next request is checked against the database. Other gateways trust theirs `sessionCacheTTL` longer.
    public func forgetSessions(of username: String) { cache.forget(username: username) }

    public func logout(_ token: String) async throws {
        cache.forget(Self.digest(token))
        try await database.withConnection { connection in
            try await connection.run(
                "UPDATE core.sessions SET revoked_at = now() WHERE token_hash = \(Self.digest(token)) AND revoked_at IS NULL",
                logger: database.logger)
        }
    }

    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }

    static let badCredentials = Problem(
        kind: "bad-credentials", status: 401, title: .init(zh: "登录失败", en: "Login failed"),
        detail: .init(zh: "用户名或密码错误", en: "Wrong username or password"), field: "password")
}

/// The per-request session lookup as a named prepared statement: user, grants, and whether use is worth recording.
struct FindSession: PostgresPreparedStatement {
    static let sql = """
        SELECT u.id, u.username, u.display_name,
               COALESCE(array_agg(g.role) FILTER (WHERE g.role IS NOT NULL), '{}'),
               COALESCE(array_agg(g.district) FILTER (WHERE g.role IS NOT NULL), '{}'),
               s.last_seen_at < now() - interval '1 minute', s.expires_at, s.enrolment_only
        FROM core.sessions s
        JOIN core.users u ON u.id = s.user_id AND NOT u.disabled
        LEFT JOIN core.grants g ON g.user_id = u.id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(secs => $2)
        GROUP BY u.id, s.last_seen_at, s.expires_at, s.enrolment_only
        """
    typealias Row = (UUID, String, String, [String], [Int64], Bool, Date, Bool)

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
