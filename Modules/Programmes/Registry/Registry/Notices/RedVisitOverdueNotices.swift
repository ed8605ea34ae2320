import Contract
import Foundation
import Logging
import ServiceLifecycle

/// 红色儿童走访逾期提醒 — the overdue visit of a red (红色, highest-risk) child notifies the township's supervisor
/// (乡镇儿童督导员), or the nearest supervisor above when the township has none; unacknowledged after
/// `registry.red-overdue-escalation` (a `Deadline`), it escalates to the county's manager (县级民政儿童工作管理员).
///
/// Every `interval`, and at start, the service raises a notice for each red file whose next visit was due before
/// today, once per file and due date (the dedupe key): a replayed scan or a second gateway creates nothing more, and a
/// visit that moves the due date and is missed again raises a new notice. The notice masks the child's name (it also
/// goes out through the webhook, to an SMS or WeChat-work gateway) and links the file by its id.
struct RedVisitOverdueNotices: Service {
    static let escalationDelay = PolicyKey(
        "registry.red-overdue-escalation",
        title: .init(zh: "红色儿童走访逾期未确认报县级的期限", en: "How long before an unacknowledged overdue red visit goes to the county"),
        defaultValue: Deadline.hours(48), source: "国家层面未规定时限; 默认 48 小时未确认即报县级, 各县可按本地方案覆盖 (如 {\"workingDays\": 2})")

    static let rule = NoticeRule(
        "registry.red-visit-overdue", title: .init(zh: "红色儿童走访逾期", en: "Visit of a red child overdue"),
        when: .init(zh: "红色儿童的下次走访到期日已过而未走访 (每个到期日一次)", en: "A red child's next visit is past its due date (once per due date)"),
        recipient: "registry.supervisor", showsName: false,
        escalation: NoticeEscalation(role: "registry.manager", after: escalationDelay))

    let context: ProgrammeContext
    var interval: Duration = .seconds(60 * 60)

    /// Scans now and then every `interval` until graceful shutdown, which also ends the wait between scans.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await scan(today: context.clock.today()) } catch is CancellationError { return } catch {
                    context.logger.error("red overdue notice scan failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Raises the notices of red files overdue on `today`; returns how many notices were created.
    @discardableResult
    func scan(today: CalendarDate) async throws -> Int {
        try await context.database.transaction(settings: [
            ("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system")
        ]) { connection in
            let overdue = try await connection.query(
                """
                SELECT f.child_id, f.residence_district, f.next_visit_due, c.name
                FROM registry.files f JOIN core.children c ON c.id = f.child_id
                WHERE f.risk_colour = \(RiskColour.red.rawValue) AND f.next_visit_due < \(today.description)::date AND NOT f.deceased
                ORDER BY f.next_visit_due, f.child_id
                """, logger: context.logger
            ).decode((UUID, DistrictCode, CalendarDate, String).self).collect()
            var created = 0
            for (child, district, due, name) in overdue {
                created += try await context.notices.raise(
                    Self.rule,
                    about: NoticeSubject(programme: RegistryProgramme.id, kind: "file", id: child.uuidString, district: district),
                    title: Self.rule.title,
                    text: .init(zh: "{child} (红色) 的走访已于 \(due) 到期, 尚未走访", en: "The visit of {child} (red) was due on \(due) and not made"),
                    child: name, dedupe: "\(child.uuidString)/\(due)", on: connection
                ).count
            }
            return created
        }
    }
}
