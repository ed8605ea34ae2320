import Database
import Districts
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// User administration (the `tonghu user …` commands): accounts, passwords and grants.
public struct Users: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let rules: PasswordRules
    let roles: RoleBook

    public init(database: Database, policy: AccessPolicy, roles: RoleBook) {
        self.database = database
        self.hasher = PasswordHasher(cost: policy.bcryptCost)
        self.rules = PasswordRules(minimumLength: policy.minimumPasswordLength)
        self.roles = roles
    }

    public struct Account: Sendable, Codable {
        public let username: String
        public let displayName: String
        public let disabled: Bool
        public let grants: [Grant]
    }

    /// Adds an account; the password must pass `PasswordRules` (422 naming `password`).
    public func add(_ username: String, displayName: String?, password: String) async throws {
        guard username.range(of: #"^[A-Za-z0-9_.\-]{2,64}$"#, options: .regularExpression) != nil else {
            throw Problem.invalid("username", "用户名只能包含字母、数字和 _ . -, 2 到 64 个字符", "username: 2-64 letters, digits, _ . -")
        }
        try rules.check(password, username: username)
        let hash = try await hasher.hash(password)
        do {
            try await database.withConnection { connection in
                try await connection.run(
                    "INSERT INTO core.users (username, display_name, password_hash) VALUES (\(username), \(displayName ?? username), \(hash))",
                    logger: database.logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw Problem.conflict("用户 \(username) 已存在", "user \(username) already exists", field: "username")
        }
    }

    public func grant(_ username: String, role: String, district: DistrictCode) async throws {
        guard roles.roles[role] != nil else {
            throw Problem.invalid("role", "角色 \(role) 不存在 (用 tonghu role list 查看)", "unknown role \(role)")
        }
        try await database.transaction { connection in
            let user = try await userID(username, connection)
            let known = try await connection.query(
                "SELECT 1 FROM core.districts WHERE code = \(district.value) AND valid_to IS NULL", logger: database.logger
            ).collect()
            guard !known.isEmpty else { throw Problem.invalid("district", "区划 \(district) 不存在或已撤销", "district \(district) does not exist") }
            try await connection.run(
                """
                INSERT INTO core.grants (user_id, role, district) SELECT \(user), \(role), \(district.value)
                WHERE NOT EXISTS (SELECT 1 FROM core.grants WHERE user_id = \(user) AND role = \(role) AND district = \(district.value))
                """, logger: database.logger)
        }
    }

    public func revoke(_ username: String, role: String, district: DistrictCode?) async throws {
        try await database.transaction { connection in
            let user = try await userID(username, connection)
            try await connection.run(
                "DELETE FROM core.grants WHERE user_id = \(user) AND role = \(role) AND (\(district?.value)::int8 IS NULL OR district = \(district?.value))",
                logger: database.logger)
        }
    }

    /// Disables the account and ends its sessions at once.
    public func disable(_ username: String) async throws {
        try await database.transaction { connection in
            let user = try await userID(username, connection)
            try await connection.run("UPDATE core.users SET disabled = true WHERE id = \(user)", logger: database.logger)
            try await connection.run(
                "UPDATE core.sessions SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL", logger: database.logger)
        }
    }

    /// Enables the account again (after `disable`) and forgets the failed sign-ins under its name from every client.
    public func enable(_ username: String) async throws {
        try await database.transaction { connection in
            let user = try await userID(username, connection)
            try await connection.run("UPDATE core.users SET disabled = false WHERE id = \(user)", logger: database.logger)
            try await LoginThrottle.forget(username: username, on: connection, logger: database.logger)
        }
    }

    /// Sets a new password (checked by `PasswordRules`), re-enables the account, ends every session of it and forgets
    /// the failed sign-ins under its name from every client.
    public func resetPassword(_ username: String, password: String) async throws {
        try rules.check(password, username: username)
        let hash = try await hasher.hash(password)
        try await database.transaction { connection in
            let user = try await userID(username, connection)
            try await connection.run(
                "UPDATE core.users SET password_hash = \(hash), disabled = false WHERE id = \(user)", logger: database.logger)
            try await connection.run(
                "UPDATE core.sessions SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL", logger: database.logger)
            try await LoginThrottle.forget(username: username, on: connection, logger: database.logger)
        }
    }

    /// Removes the second factor and recovery codes of `username` (a lost phone) and ends its sessions: the user
    /// enrols again at the next sign-in. `record` audits it in the same transaction; `false` when there was none.
    public func resetSecondFactor(_ username: String, recording record: @Sendable (UUID, PostgresConnection) async throws -> Void)
        async throws -> Bool
    {
        try await database.transaction { connection in
            let user = try await userID(username, connection)
            let removed = try await connection.query(
                "DELETE FROM core.second_factors WHERE user_id = \(user) RETURNING user_id", logger: database.logger
            ).collect()
            try await connection.run(
                "UPDATE core.sessions SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL", logger: database.logger)
            try await record(user, connection)
            return !removed.isEmpty
        }
    }

    public func list() async throws -> [Account] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT u.username, u.display_name, u.disabled,
                       COALESCE(array_agg(g.role ORDER BY g.role, g.district) FILTER (WHERE g.role IS NOT NULL), '{}'),
                       COALESCE(array_agg(g.district ORDER BY g.role, g.district) FILTER (WHERE g.role IS NOT NULL), '{}')
                FROM core.users u LEFT JOIN core.grants g ON g.user_id = u.id GROUP BY u.id ORDER BY u.username
                """, logger: database.logger)
            var accounts: [Account] = []
            for try await (name, display, disabled, roles, districts) in rows.decode((String, String, Bool, [String], [Int64]).self) {
                accounts.append(
                    Account(
                        username: name, displayName: display, disabled: disabled,
                        grants: zip(roles, districts).compactMap { r, d in DistrictCode(value: d).map { Grant(role: r, district: $0) } }))
            }
            return accounts
        }
    }

    private func userID(_ username: String, _ connection: PostgresConnection) async throws -> UUID {
        guard
            let id = try await connection.query("SELECT id FROM core.users WHERE username = \(username)", logger: database.logger)
                .decode(UUID.self).first()
        else {
            throw Problem(
                kind: "not-found", status: 404, title: .init(zh: "未找到", en: "Not found"),
                detail: .init(zh: "用户 \(username) 不存在", en: "user \(username) does not exist"), field: "username")
        }
        return id
    }
}
