import Contract
import Hummingbird
import TestSupport
import Testing

/// A small well-formed programme. (What the scaffold writes is built and tested by `ScaffoldTests`.)
struct NotesProgramme: Programme {
    static let id = "demo-notes"
    static let title = Localized(zh: "记事", en: "Notes")
    var migrations: [Migration] {
        [
            Migration(
                1, "notes",
                """
                CREATE SCHEMA demo_notes;
                CREATE TABLE demo_notes.notes (id bigserial PRIMARY KEY, district bigint NOT NULL, body text NOT NULL);
                ALTER TABLE demo_notes.notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY notes_in_scope ON demo_notes.notes USING (district <@ core.scope());
                GRANT USAGE ON SCHEMA demo_notes TO tonghu_app;
                GRANT SELECT ON demo_notes.notes TO tonghu_app;
                """)
        ]
    }
    var permissions: [Permission] { ["demo-notes.note.read"] }
    var roles: [Role] { [Role("demo-notes.viewer", title: .init(zh: "查看", en: "Viewer"), permissions: ["demo-notes.note.read"])] }
    var districtReferences: [DistrictReference] { [.init(table: "demo_notes.notes", column: "district")] }
    func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        [
            Endpoint(
                .get, "/notes", summary: .init(zh: "记事", en: "Notes"), access: .permission("demo-notes.note.read"),
                response: .json([String].self)
            ) { _, call in
                try call.json(
                    try await call.transaction { connection in
                        try await connection.query("SELECT body FROM demo_notes.notes ORDER BY id", logger: call.context.logger).decode(
                            String.self
                        ).collect()
                    })
            }
        ]
    }
}

/// Everything a programme must not do.
struct SloppyProgramme: Programme {
    static let id = "Sloppy_Programme"
    static let title = Localized(zh: "坏", en: "Bad")
    var migrations: [Migration] {
        [
            Migration(
                1, "leaky",
                "CREATE SCHEMA sloppy_programme; CREATE TABLE sloppy_programme.files (child_id uuid, district bigint); GRANT ALL ON sloppy_programme.files TO tonghu_app"
            )
        ]
    }
    var permissions: [Permission] { ["registry.child.read"] }
    var roles: [Role] { [Role("other.viewer", title: .init(zh: "查看", en: "Viewer"), permissions: ["sloppy.undeclared.read"])] }
    var policyKeys: [AnyPolicyKey] { [PolicyKey("registry.cadence", title: .init(zh: "x", en: "x"), defaultValue: 1, source: "x").erased] }
    var topics: [AnyEventTopic] { [AnyEventTopic(EventTopic<Int>("registry.note.written"))] }
    var districtReferences: [DistrictReference] { [.init(table: "sloppy_programme.files", column: "village")] }
    func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        [
            Endpoint(.get, "/open", summary: .init(zh: "无权限", en: "Open"), access: .open, response: .json([String].self)) { _, call in
                try call.json(["x"])
            },
            Endpoint(
                .get, "/files/{id}", summary: .init(zh: "档案", en: "File"), access: .permission("sloppy.undeclared.read"),
                response: .json(UnwritableExample.self)
            ) { _, _ in Response(status: .noContent) }
        ]
    }
}

/// A body whose example cannot be written (a literal that is not a date).
struct UnwritableExample: DocumentedBody {
    let on: CalendarDate
    static var examples: [UnwritableExample] { get throws { [UnwritableExample(on: try Example.date("2026-13-45"))] } }
}

@Suite("业务模块契约 programme contract")
struct ProgrammeContractTests {
    @Test("a well-formed programme passes the conformance check")
    func conforming() async throws {
        try await ProgrammeConformance.check(NotesProgramme.self)
    }

    @Test("the conformance check finds every kind of violation")
    func violations() async throws {
        let found = try await ProgrammeConformance.violations(SloppyProgramme.self)
        let expected = [
            "not kebab-case", "permission registry.child.read", "role other.viewer does not start",
            "grants undeclared permission", "policy key registry.cadence", "event topic registry.note.written",
            "without row-level security",
            "district reference sloppy_programme.files.village", "is open (no permission)",
            "does not declare its path input id", "the examples of its response cannot be written"
        ]
        for fragment in expected {
            #expect(found.contains { $0.contains(fragment) }, "missing: \(fragment) in \(found)")
        }
    }

    @Test("a programme's routes are mounted under /api/v1/<id>, guarded by its permission and scoped by RLS")
    func mounted() async throws {
        try await TestPlatform.with(programmes: [NotesProgramme()]) { test in
            try await test.owner.withConnection { connection in
                try await connection.run(
                    "INSERT INTO demo_notes.notes (district, body) VALUES (320412100201, '湖塘'), (320412101201, '牛塘')", logger: test.logger)
            }
            try await test.user("viewer", role: "demo-notes.viewer", district: TestPlatform.townshipA)
            try await test.user("registrar", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let notes = try await client.call(.get, "/api/v1/demo-notes/notes", token: try await client.login("viewer"))
                #expect(notes.status == .ok)
                #expect(notes.text == #"["湖塘"]"#)
                #expect(
                    try await client.call(.get, "/api/v1/demo-notes/notes", token: try await client.login("registrar")).status == .forbidden
                )
                #expect(try await client.call(.get, "/api/v1/demo-notes/notes").status == .unauthorized)
                let paths = try #require(try await client.call(.get, "/openapi.json").body["paths"] as? [String: Any])
                #expect(paths["/api/v1/demo-notes/notes"] != nil)
            }
        }
    }
}
