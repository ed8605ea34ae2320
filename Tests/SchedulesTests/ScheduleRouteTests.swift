import Contract
import Foundation
import Schedules
import TestSupport
import Testing

@Suite("日程工作清单路由: GET /api/v1/schedule-items")
struct ScheduleRouteTests {
    @Test("a registrar of the township sees its overdue items; a sibling township's gets 404; a role without the read permission sees none")
    func worklist() async throws {
        let now = Fixtures.instant("2026-08-01T02:00:00Z")
        try await TestPlatform.with(clock: WallClock(asOf: CalendarDate.today(now))) { test in
            let engine = test.platform.context.schedules
            let subjects = (0..<3).map { _ in ScheduleEngineTests.child() }
            try await ScheduleEngineTests.scoped(test) { try await engine.sync(Fixtures.checkups, subjects, on: $0) }
            try await test.user("jia-registrar", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.user("yi-registrar", role: "core.registrar", district: TestPlatform.townshipB)
            try await test.user("jia-auditor", role: "core.auditor", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("jia-registrar")
                let overdue = try await client.call(.get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)&limit=4", token: token)
                #expect(overdue.status == .ok, "\(overdue.text)")
                let items = try #require(overdue.body["items"] as? [[String: Any]])
                #expect(items.count == 4 && overdue.body["next"] is String)
                #expect(items.allSatisfy { $0["status"] as? String == "overdue" && ($0["item"] as? String)?.hasSuffix("-6") == true })
                let next = try #require(overdue.body["next"] as? String)
                let rest = try await client.call(
                    .get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)&limit=4&after=\(next)", token: token)
                #expect((rest.body["items"] as? [[String: Any]])?.count == 2 && rest.body["next"] == nil)
                let missed = try await client.call(
                    .get, "/api/v1/schedule-items?district=\(TestPlatform.villageA)&status=missed&schedule=core.checkups", token: token)
                #expect((missed.body["items"] as? [[String: Any]])?.count == 12, "\(missed.text)")
                let elsewhere = try await client.call(
                    .get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)&schedule=core.other", token: token)
                #expect((elsewhere.body["items"] as? [[String: Any]])?.isEmpty == true)

                let sibling = try await client.login("yi-registrar")
                let refused = try await client.call(.get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)", token: sibling)
                #expect(refused.status == .notFound)
                let own = try await client.call(.get, "/api/v1/schedule-items?district=\(TestPlatform.townshipB)", token: sibling)
                #expect(own.status == .ok && (own.body["items"] as? [[String: Any]])?.isEmpty == true)

                let auditor = try await client.login("jia-auditor")
                let none = try await client.call(.get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)", token: auditor)
                #expect(none.status == .ok && (none.body["items"] as? [[String: Any]])?.isEmpty == true)

                let bad = try await client.call(.get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)&status=late", token: token)
                #expect(bad.status == .unprocessableContent && bad.text.contains("status"))
                let unsigned = try await client.call(.get, "/api/v1/schedule-items?district=\(TestPlatform.townshipA)")
                #expect(unsigned.status == .unauthorized)
            }
        }
    }
}
