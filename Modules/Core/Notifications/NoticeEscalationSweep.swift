import Database
import Districts
import Events
import Foundation
import Logging
import Policy
import PostgresNIO
import ServiceLifecycle
import Vocabulary
import WorkCalendar

/// 逐级上报 — the service that escalates unacknowledged notices of its rules one level up once the rule's policy delay
/// has passed since the level was raised (`NoticeEscalation`). Idempotent: a level escalates once (its notices are
/// marked `escalated_at`), the next level's notices are deduplicated like any raise, and concurrent sweeps (two
/// gateways) take turns on a transaction-scoped advisory lock.
public struct NoticeEscalationSweep: Service {
    let database: Database
    let policy: PolicyStore
    let notices: Notices
    let clock: WallClock
    let rules: [String: NoticeRule]
    let interval: Duration
    let logger: Logger

    public init(
        database: Database, policy: PolicyStore, notices: Notices, clock: WallClock, rules: [NoticeRule],
        interval: Duration = .seconds(300),
        logger: Logger
    ) {
        self.database = database
        self.policy = policy
        self.notices = notices
        self.clock = clock
        self.rules = Dictionary(rules.filter { $0.escalation != nil }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.interval = interval
        self.logger = logger
    }

    /// Sweeps now and then every `interval` until graceful shutdown, which also ends the wait between sweeps.
    public func run() async throws {
        guard !rules.isEmpty else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await escalate() } catch is CancellationError { return } catch {
                    logger.error("notice escalation failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Escalates every level that is due now; returns the notices created.
    @discardableResult
    public func escalate() async throws -> Int {
        guard !rules.isEmpty else { return 0 }
        let settings = [("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system"), ("tonghu.notices", "sweep")]
        return try await database.transaction(settings: settings) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.lock))", logger: logger)
            let open = try await connection.query(
                """
                SELECT DISTINCT ON (rule, dedupe_key, level) rule, dedupe_key, level, recipient_district, created_at,
                       title_zh, title_en, text_zh, text_en, programme, subject_kind, subject_id, district
                FROM core.notices n
                WHERE rule = ANY(\(Array(rules.keys))) AND escalated_at IS NULL
                  AND NOT EXISTS (
                      SELECT 1 FROM core.notices a
                      WHERE a.rule = n.rule AND a.dedupe_key = n.dedupe_key AND a.level >= n.level AND a.acknowledged_at IS NOT NULL)
                ORDER BY rule, dedupe_key, level, created_at
                """, logger: logger
            ).decode(
                (String, String, Int16, DistrictCode, Date, String, String, String, String, String, String, String, DistrictCode).self
            ).collect()
            var created = 0
            for (rule, dedupe, level, found, raised, titleZh, titleEn, textZh, textEn, programme, kind, subject, district) in open {
                guard let declared = rules[rule], let escalation = declared.escalation, Int(level) < escalation.maximumLevel,
                    let above = found.parent
                else { continue }
                let delay = try await policy.value(of: escalation.after, in: district, on: clock.today(), on: connection)
                let escalatesAt: Date
                do { escalatesAt = try await due(raised, after: delay, in: district, on: connection) } catch let missing
                    as CalendarYearNotLoaded
                {
                    logger.error("notice escalation needs a calendar year", metadata: ["rule": "\(rule)", "error": "\(missing)"])
                    continue
                }
                guard escalatesAt <= clock.now() else { continue }
                let content = NoticeContent(
                    rule: rule, dedupe: dedupe, title: Localized(zh: titleZh, en: titleEn), text: Localized(zh: textZh, en: textEn),
                    subject: NoticeSubject(programme: programme, kind: kind, id: subject, district: district))
                let next = try await notices.deliver(
                    content, level: Int(level) + 1, role: escalation.role, from: above, outbound: declared.outbound, on: connection)
                guard next.district != nil else { continue }
                created += next.created.count
                try await connection.run(
                    """
                    UPDATE core.notices SET escalated_at = \(clock.now())
                    WHERE rule = \(rule) AND dedupe_key = \(dedupe) AND level = \(level) AND escalated_at IS NULL
                    """, logger: logger)
            }
            return created
        }
    }

    /// When a level raised at `raised` escalates: hours counted straight, days on the working-day calendar in force
    /// for `district` (a year not loaded throws `CalendarYearNotLoaded`, naming it).
    func due(_ raised: Date, after delay: Deadline, in district: DistrictCode, on connection: PostgresConnection) async throws -> Date {
        let calendar: WorkingCalendar
        if case .hours = delay {
            calendar = WorkingCalendar(years: [:], days: [])
        } else {
            calendar = try await WorkCalendarStore(logger: logger).calendar(for: district, on: connection)
        }
        return try calendar.deadline(from: raised, rule: delay)
    }

    /// The advisory lock sweeps take turns on (an arbitrary constant of this service).
    static let lock: Int64 = 0x746F_6E67_6E6F_7469
}
