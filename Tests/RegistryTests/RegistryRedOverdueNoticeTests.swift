import Contract
import Foundation
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

@testable import Registry

@Suite("红色儿童走访逾期提醒: the township supervisor is told, the county when unacknowledged")
struct RegistryRedOverdueNoticeTests {
    static let day = CalendarDate(year: 2026, month: 11, day: 20)!

    /// Opens 张三明's file in 马杭村 as its director and makes it red with its visit due on 1 November.
    static func redOverdueChild(_ test: TestPlatform, _ client: any TestClientProtocol, _ tokens: RegistryFixture.Tokens) async throws
        -> String
    {
        let opened = try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
        let child = try #require(opened.body["id"] as? String, "\(opened.text)")
        try await test.owner.withConnection { connection in
            try await connection.run(
                "UPDATE registry.files SET risk_colour = 'red', next_visit_due = '2026-11-01' WHERE child_id = \(child)::uuid",
                logger: test.logger)
        }
        return child
    }

    /// The escalation sweep as the registry runs it, on `day`.
    static func sweep(_ test: TestPlatform, on day: CalendarDate) -> NoticeEscalationSweep {
        let context = test.platform.context
        let clock = WallClock(asOf: day)
        return NoticeEscalationSweep(
            database: context.database, policy: context.policy, notices: Notices(events: context.events, clock: clock, logger: test.logger),
            clock: clock, rules: [RedVisitOverdueNotices.rule], logger: test.logger)
    }

    static func holders(_ test: TestPlatform) async throws -> [String] {
        try await test.owner.withConnection { connection in
            try await connection.query(
                "SELECT u.username || ':' || n.level FROM core.notices n JOIN core.users u ON u.id = n.recipient ORDER BY n.level, u.username",
                logger: test.logger
            ).decode(String.self).collect()
        }
    }

    @Test("an overdue red child notifies 湖塘镇's supervisor once, masked, and reaches 武进区's manager after 48 hours unacknowledged")
    func notifiesAndEscalates() async throws {
        try await RegistryFixture.with(clock: WallClock(asOf: Self.day)) { test, client, tokens in
            let child = try await Self.redOverdueChild(test, client, tokens)
            let notifier = RedVisitOverdueNotices(context: test.platform.context)
            #expect(try await notifier.scan(today: Self.day) == 1)
            #expect(try await notifier.scan(today: Self.day) == 0, "a replayed scan raises nothing more")
            #expect(try await Self.holders(test) == ["hutang:0"])
            let listed = try await client.call(.get, "/api/v1/notices", token: tokens.supervisor)
            let notice = try #require((listed.body["notices"] as? [[String: Any]])?.first, "\(listed.text)")
            #expect((notice["subject"] as? [String: Any])?["id"] as? String == child)
            #expect(listed.text.contains("张**") && !listed.text.contains("张三明") && !listed.text.contains("320412201505050015"))
            let other = try await client.call(.get, "/api/v1/notices", token: tokens.otherSupervisor)
            #expect((other.body["notices"] as? [Any])?.isEmpty == true)
            #expect(try await Self.sweep(test, on: Self.day.adding(days: 1)).escalate() == 0)
            #expect(try await Self.sweep(test, on: Self.day.adding(days: 2)).escalate() == 1)
            #expect(try await Self.holders(test) == ["hutang:0", "wujin:1"])
        }
    }

    @Test("a visit due today raises nothing; acknowledged by the supervisor, the notice does not reach the county")
    func acknowledgedStaysInTheTownship() async throws {
        try await RegistryFixture.with(clock: WallClock(asOf: Self.day)) { test, client, tokens in
            _ = try await Self.redOverdueChild(test, client, tokens)
            let notifier = RedVisitOverdueNotices(context: test.platform.context)
            #expect(try await notifier.scan(today: CalendarDate(year: 2026, month: 11, day: 1)!) == 0, "due today is not overdue")
            #expect(try await notifier.scan(today: Self.day) == 1)
            let listed = try await client.call(.get, "/api/v1/notices", token: tokens.supervisor)
            let id = try #require((listed.body["notices"] as? [[String: Any]])?.first?["id"] as? String, "\(listed.text)")
            #expect(try await client.call(.post, "/api/v1/notices/\(id)/acknowledge", token: tokens.supervisor).status == .ok)
            #expect(try await Self.sweep(test, on: Self.day.adding(days: 5)).escalate() == 0)
            #expect(try await Self.holders(test) == ["hutang:0"])
        }
    }
}
