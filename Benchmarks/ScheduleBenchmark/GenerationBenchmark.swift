import Contract
import Foundation
import PostgresNIO
import ScheduleBenchmarkKit
import Schedules
import TestSupport

/// Generating the schedules of `newborns` newborns: the engine (`sync` in batches of 1,000 subjects, each batch one read
/// and one multi-row upsert under row-level security) against one bare `INSERT … SELECT` that computes the same rows
/// in SQL into a copy of `core.schedule_items` with the same indexes and constraints.
struct GenerationBenchmark {
    let newborns: Int
    let test: TestPlatform

    func run() async throws {
        let declaration = ScheduleBenchmark.declaration
        let born = Date().addingTimeInterval(-86_400 * 3)
        let clock = ContinuousClock()
        // The bare baseline: the same offsets in SQL (month arithmetic clamps there too), one statement.
        let offsets = declaration.items.map { item -> String in
            let interval = "'\(item.offset.amount) \(item.offset.unit)'::interval"
            return "('\(item.key)', \(interval), \(item.offset.unit == "hours" ? "true" : "false"))"
        }
        let bare = try await test.owner.withConnection { connection in
            try await connection.run(
                "CREATE TABLE bench_items (LIKE core.schedule_items INCLUDING ALL)", logger: test.logger)
            let statement = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO bench_items (schedule, version, read_permission, subject, item, occurrence, item_group, required, child_id,
                                             district, due_from, due_by, expires, state)
                    SELECT 'core.child-health', 1, 'core.child.read', c.id::text, o.key, 1, NULL, true, c.id,
                           320412000000 + (100 + c.n % 20) * 1000 + 201 + c.n / 20 % 30,
                           CASE WHEN o.hourly THEN c.born + o.span
                                ELSE ((c.day + o.span)::date - 14)::timestamp AT TIME ZONE 'Asia/Shanghai' END,
                           (((c.day + o.span)::date + interval '1 month')::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
                           (((c.day + o.span)::date + interval '3 months')::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
                           'planned'
                    FROM (SELECT n, gen_random_uuid() AS id, $1::timestamptz AS born, ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS day
                          FROM generate_series(0, \(newborns - 1)) n) c,
                         (VALUES \(offsets.joined(separator: ", "))) AS o(key, span, hourly)
                    """,
                binds: {
                    var binds = PostgresBindings()
                    binds.append(born)
                    return binds
                }())
            return try await clock.measure { try await connection.run(statement, logger: test.logger) }
        }
        let subjects = (0..<newborns).map { n in
            let child = UUID()
            return ScheduleSubject(id: child.uuidString, district: ScheduleBench.village(n), child: child, anchor: .instant(born))
        }
        let engine = test.platform.context.schedules
        let synced = try await clock.measure {
            for start in stride(from: 0, to: subjects.count, by: 1_000) {
                let batch = Array(subjects[start..<min(start + 1_000, subjects.count)])
                _ = try await ScheduleBench.scoped(test) { try await engine.sync(declaration, batch, on: $0) }
            }
        }
        let counts = try await test.owner.withConnection { connection in
            try await connection.query(
                "SELECT (SELECT count(*)::int FROM core.schedule_items), (SELECT count(*)::int FROM bench_items)", logger: test.logger
            ).decode((Int, Int).self).single("counts")
        }
        print("Generating the schedules of \(newborns) newborns — \(counts.0) items by the engine, \(counts.1) by the bare statement")
        print(String(format: "  engine sync (batches of 1,000):  %6.2f s", ScheduleBench.seconds(synced)))
        print(String(format: "  bare INSERT … SELECT:            %6.2f s", ScheduleBench.seconds(bare)))
        print(
            String(
                format: "  ratio engine/bare:               %6.2f (target ≤ 2.0)",
                ScheduleBench.seconds(synced) / ScheduleBench.seconds(bare)))
    }
}
