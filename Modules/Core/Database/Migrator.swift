import Logging
import PostgresNIO

/// Applies migrations in one transaction under a PostgreSQL advisory lock, so two gateways starting at once
/// leave one result; records each with its checksum in `core.schema_migrations`.
public struct Migrator: Sendable {
    let database: Database
    /// Arbitrary but fixed: every Tonghu process that migrates takes this transaction-level lock first.
    static let lockKey: Int64 = 0x746F_6E67_6875

    public init(database: Database) {
        self.database = database
    }

    /// Applies what is pending (or, with `dryRun`, only lists it) and returns those steps.
    @discardableResult
    public func migrate(_ sets: [MigrationSet], dryRun: Bool = false) async throws -> [MigrationStep] {
        try await database.transaction { connection in
            try await lock(connection)
            let pending = try await plan(sets, connection).filter { $0.step.state == .pending }
            guard !dryRun else { return pending.map(\.step) }
            for item in pending {
                database.logger.info(
                    "applying migration",
                    metadata: ["owner": "\(item.step.owner)", "version": "\(item.step.version)", "name": "\(item.step.name)"])
                try await connection.run(script: item.migration.sql, logger: database.logger)
                try await connection.run(
                    "INSERT INTO core.schema_migrations (owner, version, name, checksum) VALUES (\(item.step.owner), \(item.step.version), \(item.step.name), \(item.migration.checksum))",
                    logger: database.logger)
            }
            return pending.map(\.step)
        }
    }

    /// Every migration of `sets` with its state; throws when an applied one was edited. `leaseWait` bounds the wait
    /// for a connection before the server is probed (see ``Database/withConnection(leaseWait:_:)``).
    public func status(_ sets: [MigrationSet], leaseWait: Duration? = nil) async throws -> [MigrationStep] {
        try await database.transaction(leaseWait: leaseWait) { connection in
            try await plan(sets, connection).map(\.step)
        }
    }

    private func lock(_ connection: PostgresConnection) async throws {
        try await connection.run("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: database.logger)
        try await connection.run(
            script: """
                CREATE SCHEMA IF NOT EXISTS core;
                CREATE TABLE IF NOT EXISTS core.schema_migrations (
                    owner text NOT NULL,
                    version integer NOT NULL,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (owner, version)
                );
                """, logger: database.logger)
    }

    private func plan(_ sets: [MigrationSet], _ connection: PostgresConnection) async throws -> [(
        step: MigrationStep, migration: Migration
    )] {
        let exists =
            try await connection.query("SELECT to_regclass('core.schema_migrations') IS NOT NULL", logger: database.logger)
            .collect().first?.decode(Bool.self) ?? false
        var applied: [String: [Int: String]] = [:]
        if exists {
            for try await (owner, version, checksum) in try await connection.query(
                "SELECT owner, version, checksum FROM core.schema_migrations", logger: database.logger
            ).decode((String, Int, String).self) {
                applied[owner, default: [:]][version] = checksum
            }
        }
        var result: [(MigrationStep, Migration)] = []
        for set in sets {
            let known = Set(set.migrations.map(\.version))
            if let unknown = applied[set.owner]?.keys.filter({ !known.contains($0) }).min() {
                throw DatabaseError.unknownMigration(programme: set.owner, version: unknown)
            }
            for migration in set.migrations {
                if let checksum = applied[set.owner]?[migration.version] {
                    guard checksum == migration.checksum else {
                        throw DatabaseError.migrationEdited(programme: set.owner, version: migration.version, name: migration.name)
                    }
                    result.append(
                        (MigrationStep(owner: set.owner, version: migration.version, name: migration.name, state: .applied), migration))
                } else {
                    result.append(
                        (MigrationStep(owner: set.owner, version: migration.version, name: migration.name, state: .pending), migration))
                }
            }
        }
        return result
    }
}
