import Contract
import Crypto
import EmbeddedPostgres
import Foundation
import Logging
import PostgresNIO

/// Assembles a `Platform` from `Settings` and the catalogue: the embedded cluster when no database URL is set
/// (started, or found running and shared), the owner and gateway connections, the keyring, the enabled programmes.
public struct Bootstrap: Sendable {
    public let settings: Settings
    public let catalogue: [any Programme.Type]
    public let logger: Logger

    public init(settings: Settings, catalogue: [any Programme.Type], logger: Logger) {
        self.settings = settings
        self.catalogue = catalogue
        self.logger = logger
    }

    /// A booted platform and the embedded cluster it runs on, if any (leave it with `shutdown()` when done).
    public struct Booted: Sendable {
        public let platform: Platform
        public let cluster: RunningCluster?

        public func shutdown() async {
            await cluster?.stop()
        }
    }

    /// The catalogue's programmes that `TONGHU_PROGRAMMES` enables (all when unset); an unknown id is an error.
    public func enabledProgrammes() throws -> [any Programme] {
        guard let wanted = settings.programmes else { return catalogue.map { $0.init() } }
        let known = Dictionary(catalogue.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try wanted.map { id in
            guard let type = known[id] else {
                throw Problem.invalid(
                    "TONGHU_PROGRAMMES", "未知的业务模块 \(id); 可用: \(known.keys.sorted().joined(separator: ", "))",
                    "unknown programme \(id); available: \(known.keys.sorted().joined(separator: ", "))")
            }
            return type.init()
        }
    }

    /// Boots; in embedded mode also migrates (unless `migrate` is false) and provisions the gateway's login role.
    public func boot(migrate: Bool = true) async throws -> Booted {
        let programmes = try enabledProgrammes()
        let clock = try settings.clock()
        let noticeWebhook = try settings.noticeWebhook()
        if let url = settings.databaseURL {
            let app = try DatabaseConfiguration(url: url)
            let owner = try settings.migrationDatabaseURL.map(DatabaseConfiguration.init(url:))
            guard let file = settings.keyringFile else {
                throw Problem.invalid(
                    "TONGHU_KEYRING_FILE", "使用外部数据库时必须通过 TONGHU_KEYRING_FILE 提供密钥文件",
                    "TONGHU_KEYRING_FILE is required with an external database")
            }
            let keyring = KeyringSource(try Keyring.load(from: file), file: file)
            let platform = Platform(
                database: Database(configuration: app, logger: logger), owner: owner.map { Database(configuration: $0, logger: logger) },
                keyring: keyring, programmes: programmes, logger: logger, clock: clock, noticeWebhook: noticeWebhook)
            return Booted(platform: platform, cluster: nil)
        }

        let directory = settings.dataDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
        let cluster = try await EmbeddedCluster(directory: directory.appendingPathComponent("postgres"), logger: logger).start()
        do {
            let server = DatabaseConfiguration(
                host: cluster.host, port: cluster.port, username: cluster.superuser, password: cluster.password, database: "postgres")
            try await Self.ensureDatabase("tonghu", on: server, logger: logger)
            let ownerConfiguration = server.with(database: "tonghu")
            let keyFile = settings.keyringFile ?? directory.appendingPathComponent("keys.json")
            // One process at a time creates the generated secrets, so concurrent first starts agree on them.
            let (gatewayPassword, keyring) = try await DirectoryLock.holding(
                directory.appendingPathComponent(".secrets.lock"), timeout: .seconds(60)
            ) {
                (
                    try Self.secret(at: directory.appendingPathComponent("gateway.password")),
                    KeyringSource(try Keyring.loadOrCreate(at: keyFile), file: keyFile)
                )
            }
            let platform = Platform(
                database: Database(
                    configuration: ownerConfiguration.with(username: "tonghu_gateway", password: gatewayPassword), logger: logger),
                owner: Database(configuration: ownerConfiguration, logger: logger),
                keyring: keyring, programmes: programmes, logger: logger, clock: clock, noticeWebhook: noticeWebhook)
            if migrate {
                try await Self.withTemporary(ownerConfiguration, logger: logger) { owner in
                    try await Migrator(database: owner).migrate(platform.migrationSets)
                    try await platform.reencrypt(onlyStaged: true, on: owner)
                    try await Self.provisionGatewayRole(password: gatewayPassword, owner: owner)
                }
            }
            return Booted(platform: platform, cluster: cluster)
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Creates the login role `tonghu_gateway`, a member of `tonghu_app`, with `password`; gives an existing role
    /// `password` only when its stored verifier is for another (a rotation), and otherwise changes nothing, so
    /// concurrent starts never update the role's catalogue row at once. The password reaches the server only as a
    /// SCRAM-SHA-256 verifier computed here, never as text a server log could keep. Needs a superuser (`pg_authid`).
    public static func provisionGatewayRole(password: String, owner: Database) async throws {
        try await owner.transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.provisioningLock))", logger: owner.logger)
            let existing = try await connection.query(
                """
                SELECT rolpassword, pg_has_role(oid, 'tonghu_app', 'MEMBER') FROM pg_authid WHERE rolname = 'tonghu_gateway'
                """, logger: owner.logger
            ).decode((String?, Bool).self).first()
            // A verifier is base64, `$`, `:` and digits, so it can be spliced into DDL (which takes no parameters).
            if let existing {
                let (stored, member) = existing
                if !(stored.flatMap(ScramVerifier.init(stored:))?.matches(password: password) ?? false) {
                    try await connection.run(
                        PostgresQuery(unsafeSQL: "ALTER ROLE tonghu_gateway PASSWORD '\(try ScramVerifier(password: password).text)'"),
                        logger: owner.logger)
                }
                if !member { try await connection.run("GRANT tonghu_app TO tonghu_gateway", logger: owner.logger) }
            } else {
                try await connection.run(
                    PostgresQuery(
                        unsafeSQL: """
                            CREATE ROLE tonghu_gateway LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '\(try ScramVerifier(password: password).text)'
                            """), logger: owner.logger)
                try await connection.run("GRANT tonghu_app TO tonghu_gateway", logger: owner.logger)
            }
        }
    }

    /// The transaction-level advisory lock every provisioning takes first (an arbitrary fixed key: "tonghu-gw").
    static let provisioningLock: Int64 = 0x746F_6E67_6875_6777

    /// Runs `body` with a database client that lives only as long as `body` (work before the platform's pools run).
    public static func withTemporary(_ configuration: DatabaseConfiguration, logger: Logger, _ body: (Database) async throws -> Void)
        async throws
    {
        let database = Database(configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            await database.started()
            try await body(database)
        }
    }

    static func ensureDatabase(_ name: String, on server: DatabaseConfiguration, logger: Logger) async throws {
        try await withTemporary(server, logger: logger) { database in
            try await database.withConnection { connection in
                let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger).collect()
                guard exists.isEmpty else { return }
                do {
                    try await connection.run(
                        PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\" ENCODING 'UTF8' TEMPLATE template0"), logger: logger)
                } catch let error as PSQLError where ["42P04", "23505"].contains(error.serverInfo?[.sqlState] ?? "") {
                    // Another process created it meanwhile (duplicate_database, or the catalogue's unique index).
                }
            }
        }
    }

    /// A random hex secret kept in `url` (mode 0600), created on first use.
    static func secret(at url: URL) throws -> String {
        if let existing = try? String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !existing.isEmpty {
            return existing
        }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        guard FileManager.default.createFile(atPath: url.path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Problem.invalid("TONGHU_DATA_DIR", "无法写入 \(url.path)", "cannot write \(url.path)")
        }
        return secret
    }
}
