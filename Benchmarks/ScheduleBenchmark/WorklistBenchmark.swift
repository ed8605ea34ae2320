import Contract
import Foundation
import PostgresNIO
import Schedules
import TestSupport

/// The overdue items of 湖塘镇 (one township of twenty) in a county of `children` children born evenly over six years,
/// planned by the engine; nine in ten of the items already past their due date are done, the rest overdue or missed.
struct WorklistBenchmark {
    let children: Int
    let seconds: Int
    let test: TestPlatform

    func run() async throws {
        let engine = test.platform.context.schedules
        let now = Date()
        let clock = ContinuousClock()
        let generation = try await clock.measure {
            for start in stride(from: 0, to: children, by: 1_000) {
                let subjects = (start..<min(start + 1_000, children)).map { n in
                    let child = UUID()
                    return ScheduleSubject(
                        id: child.uuidString, district: ScheduleBenchmark.village(n), child: child,
                        anchor: .instant(now.addingTimeInterval(-Double(n) / Double(children) * 6 * 365.25 * 86_400)))
                }
                _ = try await ScheduleBenchmark.scoped(test) { try await engine.sync(ScheduleBenchmark.declaration, subjects, on: $0) }
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
                + String(format: "planned by the engine in %.1f s", ScheduleBenchmark.seconds(generation)))

        try await test.user("registrar", role: "core.registrar", district: TestPlatform.townshipA)
        let filter = ScheduleWorklist.Filter(
            district: TestPlatform.townshipA, status: .overdue, permissions: [CorePermissions.childRead.name], limit: 50, now: Date())
        let bare = try await test.owner.withConnection { connection in
            try await Self.measure(seconds: seconds) {
                _ = try await connection.query(ScheduleWorklist.query(filter), logger: test.logger).collect()
            }
        }
        // What the route runs, without HTTP: the gateway's role, the township's scope, row-level security.
        let scope = [("tonghu.scope", DistrictScope([TestPlatform.townshipA]).multirange)]
        let plan = try await test.platform.database.transaction(settings: scope) { connection in
            var explain = ScheduleWorklist.query(filter)
            explain.sql = "EXPLAIN " + explain.sql
            return try await connection.query(explain, logger: test.logger).decode(String.self).collect()
                .filter { $0.contains(" Scan") && !$0.contains("CTE Scan") }
                .map { line in
                    let node = line.components(separatedBy: "  (").first ?? line
                    return node.trimmingCharacters(in: CharacterSet(charactersIn: " ->"))
                }
        }
        let scoped = try await Self.measure(seconds: seconds) {
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
            return try await Self.measure(seconds: seconds) {
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

    /// p50 and p95 in milliseconds of `body` run one at a time for `seconds`, after a second of warm-up.
    static func measure(seconds: Int, _ body: () async throws -> Void) async throws -> (p50: Double, p95: Double, requests: Int) {
        let clock = ContinuousClock()
        let warm = clock.now.advanced(by: .seconds(1))
        while clock.now < warm { try await body() }
        var samples: [Double] = []
        let end = clock.now.advanced(by: .seconds(seconds))
        while clock.now < end {
            samples.append(ScheduleBenchmark.seconds(try await clock.measure { try await body() }) * 1_000)
        }
        samples.sort()
        return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 95 / 100)], samples.count)
    }
}
