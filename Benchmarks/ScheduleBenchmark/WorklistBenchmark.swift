import Contract
import Foundation
import PostgresNIO
import ScheduleBenchmarkKit
import Schedules
import TestSupport

/// The overdue items of 湖塘镇 (one township of twenty) in a county of `children` children born evenly over six years,
/// planned by the engine; nine in ten of the items already past their due date are done, the rest overdue or missed.
struct WorklistBenchmark {
    let children: Int
    let seconds: Int
    let test: TestPlatform

    func run() async throws {
        let now = Date()
        let generation = try await ContinuousClock().measure {
            try await ScheduleBench.plan(ScheduleBenchmark.declaration, count: children, on: test) { n in
                let child = UUID()
                return ScheduleSubject(
                    id: child.uuidString, district: ScheduleBench.village(n), child: child,
                    anchor: .instant(ScheduleBench.birth(n, of: children, before: now)))
            }
        }
        let items = try await test.owner.withConnection { connection in
            try await connection.run(
                """
                UPDATE core.schedule_items SET state = 'done', closed_at = due_from
                WHERE due_by < now() AND abs(hashtext(id::text)) % 10 <> 0
                """, logger: test.logger)
            try await connection.run("VACUUM ANALYZE core.schedule_items", logger: test.logger)
            return try await connection.query(
                "SELECT count(*)::int, count(*) FILTER (WHERE state = 'planned')::int FROM core.schedule_items", logger: test.logger
            ).decode((Int, Int).self).single("count")
        }
        print(
            "Overdue schedule items of a township — \(children) children aged 0–6, \(items.0) items (\(items.1) open), "
                + String(format: "planned by the engine in %.1f s", ScheduleBench.seconds(generation)))

        try await test.user("registrar", role: "core.registrar", district: TestPlatform.townshipA)
        let filter = ScheduleWorklist.Filter(
            district: TestPlatform.townshipA, status: .overdue, permissions: [CorePermissions.childRead.name], limit: 50, now: Date())
        let bare = try await test.owner.withConnection { connection in
            try await ScheduleBench.measure(seconds: seconds) {
                _ = try await connection.query(ScheduleWorklist.query(filter), logger: test.logger).collect()
            }
        }
        // What the route runs, without HTTP: the gateway's role, the township's scope, row-level security.
        let scope = [("tonghu.scope", DistrictScope([TestPlatform.townshipA]).multirange)]
        let plan = try await ScheduleBench.plan(of: ScheduleWorklist.query(filter), scope: TestPlatform.townshipA, on: test)
        let scoped = try await ScheduleBench.measure(seconds: seconds) {
            _ = try await test.platform.database.transaction(settings: scope) { connection in
                try await connection.query(ScheduleWorklist.query(filter), logger: test.logger).collect().count
            }
        }
        let api = try await test.withClient { client in
            let token = try await client.login("registrar")
            let path = "/api/v1/schedule-items?district=\(TestPlatform.townshipA)&status=overdue&limit=50"
            let first = try await client.call(.get, path, token: token)
            guard first.status == .ok, let page = first.body["items"] as? [Any], page.count == 50 else {
                throw TestFailure("the work list answered \(first.status): \(first.text.prefix(300))")
            }
            return try await ScheduleBench.measure(seconds: seconds) {
                let answer = try await client.call(.get, path, token: token)
                guard answer.status == .ok else { throw TestFailure("\(answer.status): \(answer.text.prefix(300))") }
            }
        }
        print(
            String(
                format: "  API as a township registrar: p50 %6.2f ms, p95 %6.2f ms over %d requests (target p95 ≤ 50 ms)", api.p50, api.p95,
                api.requests))
        print(
            String(
                format: "  same SQL, gateway's role:    p50 %6.2f ms, p95 %6.2f ms over %d transactions (scope set, row-level security)",
                scoped.p50, scoped.p95, scoped.requests))
        print("    its plan: " + plan.joined(separator: " ← "))
        print(
            String(format: "  same SQL run bare:           p50 %6.2f ms, p95 %6.2f ms over %d requests", bare.p50, bare.p95, bare.requests))
        print(String(format: "  ratio p95 API/bare:          %6.2f", api.p95 / bare.p95))
    }

}
