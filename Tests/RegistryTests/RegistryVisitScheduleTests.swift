import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

/// 走访周期 on the schedule engine: each file's open visit in `core.schedule_items`, planned with the file, moved on by
/// a counted visit, cancelled by a death and restored when it is undone; `registry.files.next_visit_due` follows it.
@Suite("走访周期的日程项 visit items on the schedule engine")
struct RegistryVisitScheduleTests {
    /// The file's visit items as (occurrence, state, due day in China), by occurrence.
    static func items(_ test: TestPlatform, _ child: String) async throws -> [(Int, String, String)] {
        try await test.owner.withConnection { connection in
            try await connection.query(
                """
                SELECT occurrence, state, ((due_by AT TIME ZONE 'UTC') + interval '8 hours' - interval '1 day')::date::text
                FROM core.schedule_items WHERE subject = \("registry.file:" + child.lowercased()) AND schedule = 'registry.visits'
                ORDER BY occurrence
                """, logger: test.logger
            ).decode((Int, String, String).self).collect()
        }
    }

    static func due(_ client: any TestClientProtocol, _ child: String, _ token: String) async throws -> String? {
        try await client.call(.get, "/api/v1/registry/children/\(child)", token: token).body["nextVisitDue"] as? String
    }

    @Test("opening plans one item; a visit completes it and plans exactly one next; the same visit again adds none")
    func visitPlansOneNext() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let opened = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
            #expect(opened.status == .created, "\(opened.text)")
            let child = try #require(opened.body["id"] as? String)
            let first = try await Self.items(test, child)
            #expect(first.map(\.0) == [1] && first.map(\.1) == ["planned"])
            #expect(try await Self.due(client, child, tokens.director) == first.first?.2)

            let visitedOn = WallClock.system.today().adding(days: -3)
            for _ in 1...2 {
                let visited = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/visits", token: tokens.director,
                    json: ["visitedOn": visitedOn.description, "mode": "home"])
                #expect(visited.status == .created, "\(visited.text)")
                #expect(visited.body["nextDue"] as? String == visitedOn.adding(days: 30).description)
            }
            let after = try await Self.items(test, child)
            #expect(after.map(\.0) == [1, 2])
            #expect(after.map(\.1) == ["done", "planned"])
            #expect(after.last?.2 == visitedOn.adding(days: 30).description)
            #expect(try await Self.due(client, child, tokens.director) == after.last?.2)
        }
    }

    @Test("an import replayed plans no second item")
    func importReplayed() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).csv")
            try Data((RegistryImportTests.header + RegistryImportTests.good1 + RegistryImportTests.good2).utf8).write(to: url)
            for _ in 1...2 { _ = try await RegistryImport(platform: test.platform, actor: "test").run(url, allOrNothing: false) }
            let rows = try await test.owner.withConnection { connection in
                try await connection.query(
                    """
                    SELECT count(*)::int, count(DISTINCT i.subject)::int,
                           count(*) FILTER (WHERE f.next_visit_due = ((i.due_by AT TIME ZONE 'UTC') + interval '8 hours' - interval '1 day')::date)::int
                    FROM core.schedule_items i JOIN registry.files f ON i.subject = 'registry.file:' || f.child_id::text
                    WHERE i.schedule = 'registry.visits' AND i.state = 'planned'
                    """, logger: test.logger
                ).decode((Int, Int, Int).self).collect()
            }
            #expect(rows.first.map { [$0.0, $0.1, $0.2] } == [2, 2, 2])
        }
    }

    @Test("a death cancels the open item in the same update; undoing it restores that item and the due date")
    func deathCancelsAndUndoRestores() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let opened = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
            let child = try #require(opened.body["id"] as? String)
            let due = try await Self.due(client, child, tokens.director)
            let died = try await client.call(.patch, "/api/v1/registry/children/\(child)", token: tokens.director, json: ["deceased": true])
            #expect(died.status == .ok || died.status == .noContent, "\(died.text)")
            #expect(try await Self.items(test, child).map(\.1) == ["cancelled"])
            let undone = try await client.call(
                .patch, "/api/v1/registry/children/\(child)", token: tokens.director, json: ["deceased": false])
            #expect(undone.status == .ok || undone.status == .noContent, "\(undone.text)")
            let restored = try await Self.items(test, child)
            #expect(restored.map(\.1) == ["planned"])
            #expect(restored.first?.2 == due)
            #expect(try await Self.due(client, child, tokens.director) == due)
        }
    }

    @Test("migration 9's back-fill gives a file without items its visit, due on next_visit_due; run again it adds none")
    func backFillIdempotent() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let opened = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
            let child = try #require(opened.body["id"] as? String)
            let visitedOn = WallClock.system.today().adding(days: -4)
            _ = try await client.call(
                .post, "/api/v1/registry/children/\(child)/visits", token: tokens.director,
                json: ["visitedOn": visitedOn.description, "mode": "home"])
            let before = try await Self.items(test, child)
            try await test.owner.withConnection { connection in
                try await connection.run(script: RegistrySchema.visitSchedule.sql, logger: test.logger)
            }
            #expect(try await Self.items(test, child).map(\.1) == before.map(\.1))
            try await test.owner.withConnection { connection in
                try await connection.run(
                    "DELETE FROM core.schedule_items WHERE subject = \("registry.file:" + child.lowercased())", logger: test.logger)
                try await connection.run(script: RegistrySchema.visitSchedule.sql, logger: test.logger)
            }
            let backFilled = try await Self.items(test, child)
            #expect(backFilled.map(\.0) == [1, 2] && backFilled.map(\.1) == ["done", "planned"])
            #expect(backFilled.last?.2 == visitedOn.adding(days: 30).description)
            #expect(backFilled.last?.2 == (try await Self.due(client, child, tokens.director)))
        }
    }
}
