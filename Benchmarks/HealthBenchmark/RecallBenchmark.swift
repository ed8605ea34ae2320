import Contract
import Foundation
import PostgresNIO
import ScheduleBenchmarkKit
import Schedules
import TestSupport

/// The overdue recalls of 湖塘镇 through the API as its township health centre, against the work list's statement
/// (`WorklistRepository.scheduled` for recalls overdue, one page of 100 and the look-ahead row) run bare as the owner
/// and as the gateway's role with the township's scope; the bare answer must be the API's page.
struct RecallBenchmark {
    let children: Int
    let seconds: Int
    let test: TestPlatform

    /// The recall work list's statement, as the route runs it for `district` at `now`: overdue (past due-by, not expired)
    /// or missed (expired).
    static func query(_ district: DistrictCode, missed: Bool, now: Date, limit: Int) -> PostgresQuery {
        let range = district.subtree
        let schedules = ["health-screening.blood-spot", "health-screening.hearing", "health-screening.heart"]
        let start = Int32("health-screening.chain:".count + 1)
        var query: PostgresQuery = """
            SELECT i.id, c.id, c.newborn, c.condition, c.title_zh, c.title_en, n.hospital, n.hospital_record, i.district, i.due_from,
                   i.due_by, i.expires
            FROM core.schedule_items i
            JOIN health_screening.chains c ON c.id = substr(i.subject, \(start))::uuid
            JOIN health_screening.newborns n ON n.id = c.newborn
            WHERE \(county: "i.county", of: range) AND i.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND i.state = 'planned' AND i.schedule = ANY(\(schedules)) AND i.item = 'recall'
            """
        query.sql += missed ? " AND i.expires <= $\(query.binds.count + 1)" : " AND i.due_by <= $\(query.binds.count + 1)"
        query.binds.append(now)
        if !missed {
            query.sql += " AND i.expires > $\(query.binds.count + 1)"
            query.binds.append(now)
        }
        query.sql += " ORDER BY i.due_by, i.district, i.id LIMIT $\(query.binds.count + 1)"
        query.binds.append(limit)
        return query
    }

    func run() async throws {
        let planned = try await ScreeningCounty(children: children, test: test).generate(now: Date())
        let counts = try await test.owner.withConnection { connection in
            try await connection.query(
                """
                SELECT count(*)::int, count(*) FILTER (WHERE state = 'planned')::int,
                       count(*) FILTER (WHERE state = 'planned' AND item = 'recall')::int,
                       count(*) FILTER (WHERE state = 'planned' AND item = 'recall' AND due_by <= now() AND expires > now())::int
                FROM core.schedule_items
                """, logger: test.logger
            ).decode((Int, Int, Int, Int).self).single("count")
        }
        print(
            "Overdue recalls of a township — \(children) newborns aged 0–6, \(children * 4) chains, \(counts.0) items (\(counts.1) open, "
                + "\(counts.2) open recalls, \(counts.3) overdue in the county), "
                + String(format: "planned by the engine in %.1f s", ScheduleBench.seconds(planned)))

        try await test.user("township", role: "health-screening.township-centre", district: TestPlatform.townshipA)
        for status in ["overdue", "missed"] { try await measure(status) }
    }

    /// One status's list through the API, as the gateway's role and bare.
    func measure(_ status: String) async throws {
        let query = Self.query(TestPlatform.townshipA, missed: status == "missed", now: Date(), limit: 101)
        let bareRows = try await test.owner.withConnection { connection in
            try await connection.query(query, logger: test.logger).decode((UUID, UUID).self).collect().map(\.0)
        }
        let bare = try await test.owner.withConnection { connection in
            try await ScheduleBench.measure(seconds: seconds) { _ = try await connection.query(query, logger: test.logger).collect() }
        }
        let plan = try await ScheduleBench.plan(of: query, scope: TestPlatform.townshipA, on: test)
        let scope = [("tonghu.scope", DistrictScope([TestPlatform.townshipA]).multirange)]
        let scoped = try await ScheduleBench.measure(seconds: seconds) {
            _ = try await test.platform.database.transaction(settings: scope) { connection in
                try await connection.query(query, logger: test.logger).collect().count
            }
        }
        let path = "/api/v1/health-screening/worklist?list=recalls&status=\(status)&district=\(TestPlatform.townshipA)"
        let (api, page) = try await test.withClient { client in
            let token = try await client.login("township")
            let first = try await client.call(.get, path, token: token)
            guard first.status == .ok, let entries = first.body["entries"] as? [[String: Any]] else {
                throw TestFailure("the work list answered \(first.status): \(first.text.prefix(300))")
            }
            let latency = try await ScheduleBench.measure(seconds: seconds) {
                let answer = try await client.call(.get, path, token: token)
                guard answer.status == .ok else { throw TestFailure("\(answer.status): \(answer.text.prefix(300))") }
            }
            return (latency, entries.compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) })
        }
        guard page == Array(bareRows.prefix(100)) else {
            throw TestFailure("the API's page (\(page.count) recalls) is not the bare statement's (\(bareRows.count))")
        }
        print("  \(status):")
        print(
            String(
                format: "  API, township health centre: p50 %6.2f ms, p95 %6.2f ms over %d requests, %d recalls a page (goal p95 ≤ 50 ms)",
                api.p50, api.p95, api.requests, page.count))
        print(
            String(
                format: "  same SQL, gateway's role:   p50 %6.2f ms, p95 %6.2f ms over %d transactions (scope set, row-level security)",
                scoped.p50, scoped.p95, scoped.requests))
        print("    its plan: " + plan.joined(separator: " ← "))
        print(
            String(format: "  same SQL run bare:          p50 %6.2f ms, p95 %6.2f ms over %d requests", bare.p50, bare.p95, bare.requests))
        print(String(format: "  ratio p95 API/bare:         %6.2f", api.p95 / bare.p95))
    }
}
