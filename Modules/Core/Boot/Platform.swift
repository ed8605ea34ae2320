import Contract
import CoreMetrics
import Foundation
import Logging
import Schedules
import ServiceLifecycle

/// The booted core: database handles, keyring and the enabled programmes with their shared context.
/// The gateway serves through it; the CLI and tests use the same assembly.
public final class Platform: Sendable {
    /// As the gateway's role: subject to row-level security.
    public let database: Database
    /// As the schema owner, for migrations and administration; `nil` when the deployment gave no owner URL.
    public let owner: Database?
    public let programmes: [any Programme]
    public let context: ProgrammeContext
    public let keyring: KeyringSource
    /// Where outbound notices are POSTed (`TONGHU_NOTICE_WEBHOOK_URL`); `nil`: notices stay in the inbox.
    public let noticeWebhook: NoticeWebhook?

    /// `metrics`: where the programmes' counters go (`ProgrammeContext.metrics`); the process's `MetricsSystem` by default.
    public init(
        database: Database, owner: Database?, keyring: KeyringSource, programmes: [any Programme], logger: Logger,
        clock: WallClock = .system, noticeWebhook: NoticeWebhook? = nil, metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.noticeWebhook = noticeWebhook
        self.database = database
        self.owner = owner
        self.keyring = keyring
        self.programmes = programmes
        let roles = RoleBook(CorePermissions.roles + programmes.flatMap(\.roles))
        context = ProgrammeContext(
            database: database,
            events: EventPublisher(logger: logger),
            policy: PolicyStore(keys: [SecondFactors.rolesKey.erased] + programmes.flatMap(\.policyKeys), logger: logger),
            audit: AuditLog(logger: logger),
            auditReads: AuditReadBuffer(database: database, log: AuditLog(logger: logger)),
            children: ChildRepository(keyring: keyring, logger: logger),
            districts: DistrictRepository(database: database),
            roles: roles,
            logger: logger,
            clock: clock,
            metrics: metrics,
            schedules: ScheduleEngine(logger: logger))
    }

    /// The core's migrations followed by each enabled programme's.
    public var migrationSets: [MigrationSet] { [CoreSchema.migrations] + programmes.map(\.migrationSet) }

    /// Every column holding a district code, for re-homing on merges and moves.
    public var districtReferences: [DistrictReference] { DistrictReference.core + programmes.flatMap(\.districtReferences) }

    /// Every column sealed with the keyring: the core's ID numbers and TOTP secrets and the enabled programmes' columns.
    public var sealedColumns: [SealedColumn] { [.idNumbers, SecondFactors.secrets] + programmes.flatMap(\.sealedColumns) }

    /// Seals again under the active key every value of `sealedColumns` not under it (`tonghu keys rotate`) or, with
    /// `onlyStaged`, what the programmes' migrations moved out of plaintext columns (right after migrating); counts by field.
    @discardableResult
    public func reencrypt(onlyStaged: Bool = false, on owner: Database) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for column in onlyStaged ? programmes.flatMap(\.sealedColumns) : sealedColumns {
            counts[column.field] = try await column.reencrypt(keyring: keyring, database: owner, onlyStaged: onlyStaged)
        }
        return counts
    }

    /// The owner connection; admin work without one is refused with a clear message.
    public func requireOwner() throws -> Database {
        guard let owner else {
            throw Problem(
                kind: "no-owner", status: 500, title: .init(zh: "缺少数据库所有者连接", en: "No owner connection"),
                detail: .init(
                    zh: "此操作需要数据库所有者: 请设置 TONGHU_MIGRATION_DATABASE_URL",
                    en: "this needs the schema owner: set TONGHU_MIGRATION_DATABASE_URL"))
        }
        return owner
    }

    public func migrate(dryRun: Bool = false) async throws -> [MigrationStep] {
        let steps = try await Migrator(database: requireOwner()).migrate(migrationSets, dryRun: dryRun)
        if !dryRun { try await reencrypt(onlyStaged: true, on: requireOwner()) }
        return steps
    }

    /// Subscriptions of the enabled programmes, and the notice webhook's delivery when one is configured.
    public var subscriptions: [EventSubscription] {
        programmes.flatMap { $0.subscriptions(context) } + (noticeWebhook.map { [$0.subscription(logger: context.logger)] } ?? [])
    }

    /// Runs the database clients while `body` runs (the CLI's and tests' way; the gateway uses its service group).
    public func withRunningClients<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.database.run() }
            if let owner { group.addTask { await owner.run() } }
            defer { group.cancelAll() }
            await database.started()
            let value = try await body()
            try await context.auditReads.flush()
            return value
        }
    }
}
