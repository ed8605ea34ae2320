import Database
import Districts
import Foundation
import PostgresNIO
import Vocabulary

/// 报表只读账户 — database logins for a BI tool (`tonghu reporting …`): each reads only the `reporting` schema's views,
/// and each view only the districts granted to the login (core migration 11). Run with the schema owner's database.
public struct ReportingLogins: Sendable {
    let database: Database
    let rules: PasswordRules

    public init(database: Database, policy: AccessPolicy) {
        self.database = database
        self.rules = PasswordRules(minimumLength: policy.minimumPasswordLength)
    }

    public struct Login: Sendable, Codable, Equatable {
        public let login: String
        /// The granted districts' subtrees, as `core.scope()` writes them.
        public let districts: String
        public let grantedBy: String
        public let grantedAt: Date
    }

    /// Creates `login` (or, for an existing reporting login, sets its password and replaces its districts); `record`
    /// writes the audit row in the same transaction.
    ///
    /// - Throws: 422 naming `login`, `district` or `password`; 409 when the name is another kind of database role.
    public func grant(
        _ login: String, districts: [DistrictCode], password: String, by actor: String,
        record: @Sendable (PostgresConnection) async throws -> Void
    ) async throws {
        try Self.validate(login)
        guard !districts.isEmpty else { throw Problem.invalid("district", "至少指定一个区划 (--district)", "give at least one district") }
        try rules.check(password, username: login)
        let verifier = try ScramVerifier(password: password).text
        let scope = DistrictScope(districts).multirange
        do {
            try await database.transaction { connection in
                // Collected: the function's refusal arrives with the rows, after the statement is accepted.
                _ = try await connection.query(
                    "SELECT core.grant_reporting_login(\(login)::name, \(verifier), \(scope)::int8multirange, \(actor))",
                    logger: database.logger
                ).collect()
                try await record(connection)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw Problem.conflict(
                "数据库中已有名为 \(login) 的角色, 且不是报表账户", "a database role named \(login) exists and is not a reporting login", field: "login")
        }
    }

    /// Drops `login` (`record` audits it in the same transaction); 404 when it is not a reporting login.
    public func revoke(_ login: String, record: @Sendable (PostgresConnection) async throws -> Void) async throws {
        try Self.validate(login)
        let dropped = try await database.transaction { connection in
            let dropped =
                try await connection.query("SELECT core.revoke_reporting_login(\(login)::name)", logger: database.logger)
                .collect().first?.decode(Bool.self) ?? false
            if dropped { try await record(connection) }
            return dropped
        }
        guard dropped else { throw Problem.notFound(.init(zh: "报表账户 \(login) ", en: "Reporting login \(login)")) }
    }

    public func list() async throws -> [Login] {
        try await database.withConnection { connection in
            var logins: [Login] = []
            let rows = try await connection.query(
                "SELECT login::text, districts::text, granted_by, granted_at FROM core.reporting_logins ORDER BY login",
                logger: database.logger)
            for try await (login, districts, grantedBy, grantedAt) in rows.decode((String, String, String, Date).self) {
                logins.append(Login(login: login, districts: districts, grantedBy: grantedBy, grantedAt: grantedAt))
            }
            return logins
        }
    }

    /// Lower-case letters, digits and `_`, 3 to 63 characters, starting with a letter; not `tonghu…` nor `pg_…`.
    static func validate(_ login: String) throws {
        guard login.wholeMatch(of: /[a-z][a-z0-9_]{2,62}/) != nil, !login.hasPrefix("tonghu"), !login.hasPrefix("pg_") else {
            throw Problem.invalid(
                "login", "报表账户名应为 3–63 个小写字母、数字或下划线, 以字母开头, 不以 tonghu 或 pg_ 开头",
                "a reporting login is 3–63 lower-case letters, digits or underscores, starting with a letter, not tonghu… or pg_…")
        }
    }
}
