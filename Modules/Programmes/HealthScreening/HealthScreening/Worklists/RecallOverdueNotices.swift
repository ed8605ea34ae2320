import Contract
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// 召回逾期提醒 — a screening chain's recall past its deadline notifies the township health centre's staff of the
/// newborn's district (乡镇卫生院儿保人员, the nearest holders above when the township has none); unacknowledged after
/// `health-screening.recall-overdue-escalation` (a `Deadline`), it escalates to the county 妇幼 (县级妇幼保健院).
///
/// Every `interval`, and at start, the service raises a notice for each open recall item overdue at that instant, once
/// per item (the dedupe key): a replayed scan or a second gateway creates nothing more. The notice names the condition
/// and the birth hospital's record number, never a diagnosis (it also goes out through the webhook).
struct RecallOverdueNotices: Service {
    static let escalationDelay = PolicyKey(
        "health-screening.recall-overdue-escalation",
        title: .init(zh: "筛查召回逾期未确认报县级妇幼的期限", en: "How long before an unacknowledged overdue recall goes to the county"),
        defaultValue: Deadline.hours(24),
        source: "国家层面未规定时限 (unverified nationally); 默认 24 小时未确认即报县级妇幼保健院, 各地可按本地方案覆盖 (如 {\"workingDays\": 1})")

    static let rule = NoticeRule(
        "health-screening.recall-overdue", title: .init(zh: "新生儿筛查召回逾期", en: "Newborn screening recall overdue"),
        when: .init(zh: "筛查链的召回通知过了时限仍未登记 (每条一次)", en: "A screening chain's recall is past its deadline (once per chain)"),
        recipient: "health-screening.township-centre", showsName: false,
        escalation: NoticeEscalation(role: "health-screening.county-mch", after: escalationDelay))

    let context: ProgrammeContext
    var interval: Duration = .seconds(60 * 60)

    /// Scans now and then every `interval` until graceful shutdown, which also ends the wait between scans.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await scan(at: context.clock.now()) } catch is CancellationError { return } catch {
                    context.logger.error("recall overdue notice scan failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Raises the notices of recalls overdue at `now`; returns how many notices were created.
    @discardableResult
    func scan(at now: Date) async throws -> Int {
        try await context.database.transaction(settings: [
            ("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system")
        ]) { connection in
            let overdue = try await connection.query(
                """
                SELECT i.id, c.id, i.district, i.due_by, c.title_zh, c.title_en, n.hospital_record
                FROM core.schedule_items i
                JOIN health_screening.chains c ON c.id = substr(i.subject, \(WorklistRepository.chainStart))::uuid
                JOIN health_screening.newborns n ON n.id = c.newborn
                WHERE i.state = 'planned' AND i.schedule = ANY(\(WorklistRepository.schedules)) AND i.item = 'recall'
                  AND i.due_by <= \(now) AND i.expires > \(now)
                ORDER BY i.due_by, i.id
                """, logger: context.logger
            ).decode((UUID, UUID, DistrictCode, Date, String, String, String).self).collect()
            var created = 0
            for (item, chain, district, dueBy, zh, en, record) in overdue {
                let day = CalendarDate.today(dueBy).adding(days: -1)
                created += try await context.notices.raise(
                    Self.rule,
                    about: NoticeSubject(programme: HealthScreeningProgramme.id, kind: "chain", id: chain.uuidString, district: district),
                    title: Self.rule.title,
                    text: .init(
                        zh: "住院号 \(record) 的新生儿 \(zh) 筛查召回已于 \(day) 到期, 尚未登记召回通知",
                        en: "The \(en) recall of the newborn with hospital record \(record) was due on \(day) and is not recorded"),
                    dedupe: item.uuidString, on: connection
                ).count
            }
            return created
        }
    }
}
