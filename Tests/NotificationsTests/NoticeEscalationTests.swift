import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("逐级上报 escalation of unacknowledged notices")
struct NoticeEscalationTests {
    /// The sweep as the platform would run it, on `day` (the clock driven forward).
    func sweep(_ test: TestPlatform, on day: CalendarDate) -> NoticeEscalationSweep {
        let context = test.platform.context
        let clock = WallClock(asOf: day)
        return NoticeEscalationSweep(
            database: context.database, policy: context.policy, notices: Notices(events: context.events, clock: clock, logger: test.logger),
            clock: clock, rules: [NoticeFixture.rule], logger: test.logger)
    }

    @Test("unacknowledged after the delay, the notice reaches the county's auditor once; not before")
    func escalatesWhenUnacknowledged() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            try await NoticeFixture.raise(test)
            #expect(try await sweep(test, on: NoticeFixture.day).escalate() == 0)
            #expect(try await NoticeFixture.holders(test) == ["town-registrar:0"])
            let nextDay = NoticeFixture.day.adding(days: 1)
            #expect(try await sweep(test, on: nextDay).escalate() == 1)
            #expect(try await sweep(test, on: nextDay).escalate() == 0)
            #expect(try await sweep(test, on: nextDay.adding(days: 5)).escalate() == 0, "one level up at most")
            #expect(try await NoticeFixture.holders(test) == ["town-registrar:0", "county-auditor:1"])
        }
    }

    @Test("acknowledged in time, the notice does not escalate")
    func acknowledgedStays() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            try await NoticeFixture.raise(test)
            try await test.withClient { client in
                let token = try await client.login("town-registrar")
                let listed = try await client.call(.get, "/api/v1/notices", token: token)
                let id = try #require((listed.body["notices"] as? [[String: Any]])?.first?["id"] as? String)
                #expect(try await client.call(.post, "/api/v1/notices/\(id)/acknowledge", token: token).status == .ok)
            }
            #expect(try await sweep(test, on: NoticeFixture.day.adding(days: 3)).escalate() == 0)
            #expect(try await NoticeFixture.holders(test) == ["town-registrar:0"])
        }
    }

    @Test("a county that counts one working day (policy): raised on a Friday, still not escalated on Sunday, escalated on Tuesday")
    func delayIsPolicy() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            try await test.owner.withConnection { connection in
                try await connection.run(
                    """
                    INSERT INTO core.policy_settings (key, district, effective_from, value, source)
                    VALUES (\(NoticeFixture.escalationHours.key), \(TestPlatform.county.value), '2026-01-01', '{"workingDays": 1}', '武进区测试')
                    """, logger: test.logger)
            }
            // 20 November 2026 is a Friday: one working day ends at 24:00 on Monday 23 November (Asia/Shanghai).
            try await NoticeFixture.raise(test)
            #expect(try await sweep(test, on: NoticeFixture.day.adding(days: 2)).escalate() == 0)
            #expect(try await sweep(test, on: NoticeFixture.day.adding(days: 4)).escalate() == 1)
        }
    }
}
