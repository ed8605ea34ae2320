import Contract
import Foundation
import PostgresNIO
import RegistryInterface
import TestSupport
import Testing

@testable import Registry

@Suite("台账批量导入 bulk import")
struct RegistryBulkImportTests {
    typealias Rows = RegistryImportTests

    func count(_ sql: String, _ test: TestPlatform) async throws -> Int {
        try await test.owner.withConnection {
            try await $0.query(PostgresQuery(unsafeSQL: sql), logger: test.logger).decode(Int.self).collect()[0]
        }
    }

    @Test("a file opens as one open does: first colour, parent statuses, categories and one event each; one audit entry per batch")
    func opening() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let file = try Rows().write(Rows.header + Rows.good1 + Rows.good2 + Rows.good3)
            let outcome = try await RegistryImport(platform: test.platform, actor: "test", batchSize: 2).run(file, allOrNothing: false)
            #expect(outcome.opened == 3)
            #expect(outcome.alreadyOpen == 0 && outcome.rejected.isEmpty)
            #expect(
                try await count(
                    "SELECT count(*)::int FROM registry.risk_changes WHERE reason = '建档' AND status = 'effective' AND requested_by = 'test'",
                    test) == 3)
            #expect(try await count("SELECT count(*)::int FROM registry.parent_statuses", test) == 4)
            #expect(
                try await count("SELECT count(*)::int FROM registry.files WHERE hukou_type IS NULL OR next_visit_due <= current_date", test)
                    == 0)
            let payload = try await test.owner.withConnection { connection in
                try await connection.query(
                    """
                    SELECT e.payload::text FROM core.events e JOIN core.children c ON c.id = e.child_id
                    WHERE e.topic = 'registry.child.registered' AND c.name = '张三明'
                    """, logger: test.logger
                ).decode(String.self).collect()
            }
            let event = try JSONDecoder().decode(ChildCategories.self, from: Data(try #require(payload.first).utf8))
            #expect(payload.count == 1 && event.categories == [.ruralLeftBehind] && event.residenceDistrict == TestPlatform.villageA)
            #expect(try await count("SELECT count(*)::int FROM core.events WHERE topic = 'registry.child.registered'", test) == 3)
            let audits = try await test.owner.withConnection {
                try await $0.query("SELECT entity_id FROM core.audit WHERE action = 'file.import' ORDER BY id", logger: test.logger).decode(
                    String.self
                ).collect()
            }
            #expect(audits.count == 2 && audits[0].hasSuffix("第 2–3 行: 建档 2 名"))
        }
    }

    @Test("a child already in the core index keeps its record; a duplicate in a later batch is already open; all-or-nothing spans batches")
    func acrossBatches() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let existing = try await test.owner.transaction { connection in
                try await test.platform.context.children.register(
                    try ChildRepository.validate(
                        NewChild(
                            idNumber: "320412201406060023", name: "李思雨(户籍)", residenceDistrict: "320412101201",
                            hukouDistrict: "320412101201"), today: WallClock.system.today()), on: connection)
            }
            let spoiled = try Rows().write(Rows.header + Rows.good1 + Rows.good2 + Rows.good3 + Rows.badCondition)
            let refused = try await RegistryImport(platform: test.platform, actor: "test", batchSize: 2).run(spoiled, allOrNothing: true)
            #expect(refused.opened == 0 && refused.rejected.map(\.row) == [5])
            #expect(try await count("SELECT count(*)::int FROM registry.files", test) == 0)

            let file = try Rows().write(Rows.header + Rows.good1 + Rows.good2 + Rows.good3 + Rows.good1)
            let outcome = try await RegistryImport(platform: test.platform, actor: "test", batchSize: 2).run(file, allOrNothing: false)
            #expect(outcome.opened == 3 && outcome.alreadyOpen == 1)
            #expect(try await count("SELECT count(*)::int FROM core.children", test) == 3)
            let name = try await test.owner.withConnection {
                try await $0.query("SELECT name FROM registry.files WHERE child_id = \(existing.id)", logger: test.logger).decode(
                    String.self
                ).collect()
            }
            #expect(name == ["李思雨(户籍)"])
        }
    }

    @Test("references checked once per batch or by a trigger per row open the same files, and no row points nowhere")
    func referencesPerBatch() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let owner = try #require(test.platform.owner)
            #expect(try await owner.withConnection { await BulkOpen.mayCheckReferencesPerBatch($0, logger: test.logger) })
            var perRow = try RegistryImport(platform: test.platform, actor: "test", batchSize: 2)
            perRow.checksReferencesPerBatch = false
            let first = try await perRow.run(try Rows().write(Rows.header + Rows.good1 + Rows.good2), allOrNothing: false)
            let second = try await RegistryImport(platform: test.platform, actor: "test", batchSize: 2)
                .run(try Rows().write(Rows.header + Rows.good3 + Rows.good1), allOrNothing: false)
            #expect(first.opened == 2 && second.opened == 1 && second.alreadyOpen == 1)
            let dangling = try await count(
                """
                SELECT (SELECT count(*) FROM registry.files f WHERE NOT EXISTS (SELECT 1 FROM core.children c WHERE c.id = f.child_id)
                          OR NOT EXISTS (SELECT 1 FROM core.districts d WHERE d.code = f.residence_district)
                          OR NOT EXISTS (SELECT 1 FROM core.districts d WHERE d.code = f.hukou_district))
                     + (SELECT count(*) FROM core.children c WHERE NOT EXISTS (SELECT 1 FROM core.districts d WHERE d.code = c.residence_district))
                     + (SELECT count(*) FROM registry.risk_changes r WHERE NOT EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = r.child_id))
                     + (SELECT count(*) FROM registry.parent_statuses p WHERE NOT EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = p.child_id))
                     + (SELECT count(*) FROM registry.categories k WHERE NOT EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = k.child_id))
                """, test)
            #expect(dangling == 0)
            #expect(try await count("SELECT count(*)::int FROM registry.risk_changes WHERE reason = '建档'", test) == 3)
            #expect(try await count("SELECT count(*)::int FROM registry.parent_statuses", test) == 4)
        }
    }
}
