import CoreMetrics
import Logging
import Schedules

/// Everything a programme may use, handed over once at boot. No globals, no per-request service lookup.
public struct ProgrammeContext: Sendable {
    public let database: Database
    public let events: EventPublisher
    public let policy: PolicyStore
    public let audit: AuditLog
    public let auditReads: AuditReadBuffer
    public let children: ChildRepository
    public let districts: DistrictRepository
    public let roles: RoleBook
    public let logger: Logger
    /// 时钟 — today and now, as of the deployment's configured day (`TONGHU_TODAY`) or the real one.
    public let clock: WallClock
    /// Where the programmes' counters go (`/metrics` of the gateway; nowhere in the CLI).
    public let metrics: any MetricsFactory
    /// 日程引擎 — plans, completes and cancels the programme's schedule items on the caller's connection.
    public let schedules: ScheduleEngine

    public init(
        database: Database, events: EventPublisher, policy: PolicyStore, audit: AuditLog, auditReads: AuditReadBuffer,
        children: ChildRepository, districts: DistrictRepository, roles: RoleBook, logger: Logger, clock: WallClock,
        metrics: any MetricsFactory, schedules: ScheduleEngine
    ) {
        self.database = database
        self.events = events
        self.policy = policy
        self.audit = audit
        self.auditReads = auditReads
        self.children = children
        self.districts = districts
        self.roles = roles
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
        self.schedules = schedules
    }
}
