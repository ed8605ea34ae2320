import Contract
import Foundation
import PostgresNIO
import TestSupport

/// A rule of the core's own roles (no programme needed): registrars are told first, auditors one level up after the
/// delay `escalationHours` sets (24 h by default).
enum NoticeFixture {
    static let escalationHours = PolicyKey(
        "core.test-notice-escalation-hours", title: .init(zh: "测试通知上报时限", en: "Test notice escalation delay"),
        defaultValue: Deadline.hours(24), source: "测试")
    static let rule = NoticeRule(
        "core.test-notice", title: .init(zh: "测试通知", en: "Test notice"), when: .init(zh: "测试时", en: "In tests"),
        recipient: "core.registrar", showsName: false,
        escalation: NoticeEscalation(role: "core.auditor", after: escalationHours))
    static let namedRule = NoticeRule(
        "core.test-named-notice", title: .init(zh: "测试署名通知", en: "Test named notice"), when: .init(zh: "测试时", en: "In tests"),
        recipient: "core.registrar", showsName: true, outbound: false)
    static let day = CalendarDate(year: 2026, month: 11, day: 20)!
    static let subject = NoticeSubject(programme: "core", kind: "test", id: "A-1", district: TestPlatform.villageA)

    /// 湖塘镇's registrar (no registrar in 马杭村 itself), 牛塘镇's registrar, and the county's auditor.
    static func users(_ test: TestPlatform) async throws {
        try await test.user("town-registrar", role: "core.registrar", district: TestPlatform.townshipA)
        try await test.user("other-registrar", role: "core.registrar", district: TestPlatform.townshipB)
        try await test.user("county-auditor", role: "core.auditor", district: TestPlatform.county)
    }

    /// Raises `rule`'s notice about 马杭村's `subject` for 甲村童 in one transaction of the whole country's scope.
    @discardableResult
    static func raise(
        _ test: TestPlatform, rule: NoticeRule = rule, dedupe: String = "A-1", subject: NoticeSubject = subject,
        text: Localized = .init(zh: "{child}需要关注", en: "{child} needs attention")
    ) async throws -> [UUID] {
        try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope.everywhere.multirange)]) { connection in
            try await test.platform.context.notices.raise(
                rule, about: subject, title: rule.title, text: text, child: "甲村童", dedupe: dedupe, on: connection)
        }
    }

    /// Who holds notices, as the owner sees them: (username, level) sorted.
    static func holders(_ test: TestPlatform) async throws -> [String] {
        try await test.owner.withConnection { connection in
            try await connection.query(
                """
                SELECT u.username || ':' || n.level FROM core.notices n JOIN core.users u ON u.id = n.recipient ORDER BY n.level, u.username
                """, logger: test.logger
            ).decode(String.self).collect()
        }
    }
}
