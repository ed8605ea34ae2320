/// The files of a new programme, in the shape of the real ones (`Registry`, `DropoutControl`): the programme target
/// `<Name>/<Name>/` with `Domain/`, `Schema/`, a repository and endpoints per resource, `Commands/`; the interface
/// target `<Name>/<Name>Interface/`; a first console page (`Pages/`, 工作台) behind the programme's read permission; the test
/// target with a fixture, the conformance test, a route test with its scope test and the page's test; the page's
/// browser test in `Tests/Browser/` (run by `scripts/test-browser`). `{{Name}}`, `{{id}}`, `{{schema}}` and the titles (`{{zh}}`, `{{en}}`; escaped for a string literal as
/// `{{zh-literal}}`, `{{en-literal}}`) are filled in by `Scaffold.render`; the raw literals keep backslashes and `"""`.
/// The example resource is a note (工作便签) kept in a district: replace it with the programme's own.
enum Templates {
    /// Paths relative to the package root, with `{{Name}}` filled in.
    static let files: [(path: String, template: String)] = [
        ("Modules/Programmes/{{Name}}/{{Name}}/{{Name}}Programme.swift", programme),
        ("Modules/Programmes/{{Name}}/{{Name}}/Schema/{{Name}}Schema.swift", schema),
        ("Modules/Programmes/{{Name}}/{{Name}}/Domain/Note.swift", note),
        ("Modules/Programmes/{{Name}}/{{Name}}/Notes/NoteRepository.swift", repository),
        ("Modules/Programmes/{{Name}}/{{Name}}/Notes/NoteEndpoints.swift", endpoints),
        ("Modules/Programmes/{{Name}}/{{Name}}/Pages/NotePages.swift", pages),
        ("Modules/Programmes/{{Name}}/{{Name}}/Commands/{{Name}}Command.swift", command),
        ("Modules/Programmes/{{Name}}/{{Name}}Interface/{{Name}}Events.swift", events),
        ("Tests/{{Name}}Tests/{{Name}}Fixture.swift", fixture),
        ("Tests/{{Name}}Tests/{{Name}}ProgrammeTests.swift", conformance),
        ("Tests/{{Name}}Tests/NoteRouteTests.swift", routeTests),
        ("Tests/{{Name}}Tests/{{Name}}CommandTests.swift", commandTests),
        ("Tests/{{Name}}Tests/NotePageTests.swift", pageTests),
        ("Tests/Browser/test_{{schema}}.py", browserTest)
    ]

    static let programme = #"""
        import ArgumentParser
        import Contract
        import {{Name}}Interface

        /// {{zh}} — the {{en}} programme. It owns schema `{{schema}}` (`Schema/`), the `{{id}}.*` permissions and roles, the
        /// routes under `/api/v1/{{id}}` (`Notes/`), the console's pages under `/{{id}}` (`Pages/`), the `tonghu {{id}} …`
        /// commands (`Commands/`) and the events of `{{Name}}Interface`, the one target other programmes may import.
        public struct {{Name}}Programme: Programme {
            public static let id = "{{id}}"
            public static let title = Localized(zh: "{{zh-literal}}", en: "{{en-literal}}")
            public static let command: (any ParsableCommand.Type)? = {{Name}}Command.self

            public init() {}

            public var migrations: [Migration] { {{Name}}Schema.migrations }
            public var permissions: [Permission] { {{Name}}Permissions.all }
            public var roles: [Role] { {{Name}}Permissions.roles }
            public var topics: [AnyEventTopic] { [.init({{Name}}Topics.noteAdded)] }
            public var districtReferences: [DistrictReference] { [DistrictReference(table: "{{schema}}.notes", column: "district")] }

            public func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
                NoteEndpoints(notes: NoteRepository(context: context)).endpoints
            }

            public func pages(_ context: ProgrammeContext) -> [Page] {
                NotePages(notes: NoteRepository(context: context)).pages
            }
        }

        /// The programme's permissions and roles; a role is granted in a district and reaches its subtree.
        public enum {{Name}}Permissions {
            public static let noteRead: Permission = "{{id}}.note.read"
            public static let noteWrite: Permission = "{{id}}.note.write"

            public static let all = [noteRead, noteWrite]

            public static let roles: [Role] = [
                Role("{{id}}.staff", title: .init(zh: "{{zh-literal}}工作人员", en: "{{en-literal}} staff"), permissions: all),
                Role("{{id}}.viewer", title: .init(zh: "{{zh-literal}}只读查看", en: "{{en-literal}} viewer"), permissions: [noteRead])
            ]
        }

        """#

    static let schema = #"""
        import Contract

        /// The programme's own tables, schema `{{schema}}`: every migration, in order, is listed here and nowhere else.
        /// Never edit one that has been applied (the runner compares checksums): add the next.
        enum {{Name}}Schema {
            static let migrations = [notes]

            /// Notes are under row-level security on their district: a caller reads and writes only inside their scope.
            static let notes = Migration(
                1, "notes",
                """
                CREATE SCHEMA {{schema}};
                GRANT USAGE ON SCHEMA {{schema}} TO tonghu_app;

                CREATE TABLE {{schema}}.notes (
                    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    district bigint NOT NULL REFERENCES core.districts (code),
                    body text NOT NULL CHECK (body <> '' AND char_length(body) <= 2000),
                    written_by text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX notes_district ON {{schema}}.notes (district, created_at DESC);
                ALTER TABLE {{schema}}.notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY notes_in_scope ON {{schema}}.notes
                    USING (district <@ core.scope())
                    WITH CHECK (district <@ core.scope());
                GRANT SELECT, INSERT ON {{schema}}.notes TO tonghu_app;
                """)
        }

        """#

    static let note = #"""
        import Contract
        import Foundation

        /// 工作便签 — a note kept about a district's work: the scaffold's example record, to be replaced by the programme's own.
        struct Note: Codable, Sendable, Equatable, DocumentedBody {
            let id: UUID
            let district: DistrictCode
            let body: String
            let writtenBy: String
            let createdAt: Date

            static var examples: [Note] {
                get throws {
                    [
                        Note(
                            id: try Example.uuid("6f1d2c3b-4a59-4e8f-9d7c-0b1a2c3d4e5f"), district: try Example.district("320412100201"),
                            body: "三月走访计划已排定", writtenBy: "wang", createdAt: try Example.instant("2026-03-02T08:30:00Z"))
                    ]
                }
            }
        }

        /// A note as a caller sends it; `validated()` checks it field by field.
        struct NewNote: Decodable, Sendable {
            let district: String
            let body: String

            static let maximumLength = 2_000

            /// The district (12 digits) and the trimmed body (not blank, at most 2,000 characters); a 422 names the field.
            func validated() throws -> (district: DistrictCode, body: String) {
                let district = try BodyInput.district(self.district, "district")
                let body = try BodyInput.text(self.body, "body")
                guard body.count <= Self.maximumLength else {
                    throw Problem.invalid("body", "内容不能超过 \(Self.maximumLength) 字", "body is longer than \(Self.maximumLength) characters")
                }
                return (district, body)
            }
        }

        """#

    static let repository = #"""
        import Contract
        import Foundation
        import PostgresNIO
        import {{Name}}Interface

        /// The SQL of `{{schema}}.notes`. Queries run on the connection they are given: `Call.transaction`'s, under the
        /// caller's scope and row-level security (no query filters by scope itself), or the owner's for admin commands.
        struct NoteRepository: Sendable {
            let context: ProgrammeContext

            /// The notes the connection may see, newest first, at most `limit`.
            func notes(limit: Int, on connection: PostgresConnection) async throws -> [Note] {
                let rows = try await connection.query(
                    """
                    SELECT id, district, body, written_by, created_at FROM {{schema}}.notes ORDER BY created_at DESC, id LIMIT \(limit)
                    """, logger: context.logger)
                var notes: [Note] = []
                for try await (id, district, body, writtenBy, createdAt) in rows.decode((UUID, DistrictCode, String, String, Date).self) {
                    notes.append(Note(id: id, district: district, body: body, writtenBy: writtenBy, createdAt: createdAt))
                }
                return notes
            }

            /// The note, or `nil` when it does not exist or is outside what the connection may see.
            func note(_ id: UUID, on connection: PostgresConnection) async throws -> Note? {
                let rows = try await connection.query(
                    "SELECT id, district, body, written_by, created_at FROM {{schema}}.notes WHERE id = \(id)", logger: context.logger)
                return try await rows.decode((UUID, DistrictCode, String, String, Date).self).collect().first.map {
                    Note(id: $0.0, district: $0.1, body: $0.2, writtenBy: $0.3, createdAt: $0.4)
                }
            }

            /// Adds a note, written now by the platform's clock, and publishes `{{id}}.note.added` in the same transaction.
            func add(district: DistrictCode, body: String, by actor: String, on connection: PostgresConnection) async throws -> Note {
                let note = Note(id: UUID(), district: district, body: body, writtenBy: actor, createdAt: context.clock.now())
                try await connection.run(
                    """
                    INSERT INTO {{schema}}.notes (id, district, body, written_by, created_at)
                    VALUES (\(note.id), \(district), \(body), \(actor), \(note.createdAt))
                    """, logger: context.logger)
                try await context.events.publish(
                    {{Name}}Topics.noteAdded, NoteAdded(note: note.id, district: district), district: district, on: connection)
                return note
            }

            /// How many notes `district`'s subtree holds (the owner's connection: every district).
            func count(in district: DistrictCode, on connection: PostgresConnection) async throws -> Int {
                let range = district.subtree
                let rows = try await connection.query(
                    "SELECT count(*) FROM {{schema}}.notes WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound)",
                    logger: context.logger)
                return try await rows.decode(Int.self).collect().first ?? 0
            }
        }

        """#

    static let endpoints = #"""
        import Contract
        import Foundation
        import Hummingbird

        /// `/api/v1/{{id}}/notes`: the notes of the caller's districts.
        struct NoteEndpoints {
            let notes: NoteRepository

            static let note = PathInput.uuid("id", .init(zh: "便签", en: "Note"))
            static let limit = QueryInput.integer("limit", "最多返回条数", in: 1...500, default: 100)

            static let request = JSONValue.objectSchema(
                ["district": .districtCodeSchema, "body": .stringSchema("内容 (不超过 2000 字)")], required: ["district", "body"])

            var endpoints: [Endpoint] {
                [
                    Endpoint(
                        .get, "/notes", summary: .init(zh: "便签列表 (本辖区, 新的在前)", en: "Notes in the caller's districts, newest first"),
                        access: .permission({{Name}}Permissions.noteRead), inputs: [Self.limit], response: .json([Note].self)
                    ) { _, call in
                        let limit = try call.input(Self.limit)
                        return try call.json(try await call.transaction { try await notes.notes(limit: limit, on: $0) })
                    },
                    Endpoint(
                        .get, "/notes/{id}", summary: .init(zh: "查看便签", en: "A note"), access: .permission({{Name}}Permissions.noteRead),
                        inputs: [Self.note], response: .json(Note.self)
                    ) { _, call in
                        let id = try call.input(Self.note)
                        guard let note = try await call.transaction({ try await notes.note(id, on: $0) }) else {
                            throw Problem.notFound(.init(zh: "便签", en: "Note"))
                        }
                        return try call.json(note)
                    },
                    Endpoint(
                        .post, "/notes", summary: .init(zh: "新增便签", en: "Add a note"), access: .permission({{Name}}Permissions.noteWrite),
                        request: Self.request, response: .json(Note.self, .created)
                    ) { request, call in
                        let (district, body) = try await call.decode(NewNote.self, from: request).validated()
                        _ = try call.requireInScope(district)
                        let note = try await call.transaction { connection in
                            let note = try await notes.add(district: district, body: body, by: call.actor, on: connection)
                            try await call.audit("note.add", entity: "note", entityID: note.id.uuidString, child: nil, on: connection)
                            return note
                        }
                        return try call.json(note, status: .created)
                    }
                ]
            }
        }

        """#

    static let command = #"""
        import ArgumentParser
        import Contract
        import Foundation

        /// `tonghu {{id}} …` — the programme's admin commands. Each is an `AdminCommand`: the CLI host parses it and runs it
        /// with a `CommandContext`, which opens the platform as the schema owner.
        struct {{Name}}Command: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "{{id}}", abstract: "{{zh}} ({{en}})", subcommands: [Count.self])

            struct Count: AdminCommand {
                static let configuration = CommandConfiguration(abstract: "统计某区划 (含下级) 的便签数")
                @OptionGroup var options: CommandOptions
                @Option(help: "12 位区划代码") var district: String

                struct Outcome: Encodable, Equatable {
                    let district: String
                    let notes: Int
                }

                func run(_ context: some CommandContext) async throws {
                    let outcome = try await count(context)
                    try options.output(outcome) { print("区划 \(outcome.district): 便签 \(outcome.notes) 条") }
                }

                func count(_ context: some CommandContext) async throws -> Outcome {
                    guard let code = DistrictCode(district) else {
                        throw Problem.invalid("district", "区划代码 \(district) 无效: 应为 12 位统计用区划代码", "\(district) is not a 12-digit district code")
                    }
                    let count = try await context.withPlatform { platform in
                        try await platform.requireOwner().withConnection {
                            try await NoteRepository(context: platform.context).count(in: code, on: $0)
                        }
                    }
                    return Outcome(district: code.description, notes: count)
                }
            }
        }

        """#

    static let events = #"""
        import Districts
        import Foundation
        import Vocabulary

        /// {{zh}}的事件 — what the {{en}} programme publishes for other programmes. Import this target, never `{{Name}}`:
        /// a subscriber learns from these events alone, also when the programme runs in another department's gateway.
        public enum {{Name}}Topics {
            public static let noteAdded = EventTopic<NoteAdded>("{{id}}.note.added")
        }

        /// A note was added in `district`.
        public struct NoteAdded: Codable, Sendable, Equatable {
            public let note: UUID
            public let district: DistrictCode

            public init(note: UUID, district: DistrictCode) {
                self.note = note
                self.district = district
            }
        }

        """#

    static let pages = #"""
        import Contract
        import Foundation
        import Hummingbird

        /// The programme's console pages (工作台) under `/{{id}}`: the notes of the caller's districts, behind
        /// `{{id}}.note.read`, the programme's entry in the navigation. A page reads through the same repository, scope and
        /// row-level security as the routes; a page that writes takes a form (`page.form(post:)`) and answers a redirect.
        struct NotePages {
            let notes: NoteRepository

            static let title = Localized(zh: "便签", en: "Notes")

            var pages: [Page] {
                [
                    Page(
                        .get, "/notes", title: Self.title, access: .permission({{Name}}Permissions.noteRead),
                        navigation: .init(Self.title, order: 10), inputs: [NoteEndpoints.limit]
                    ) { _, page in
                        let limit = try page.call.input(NoteEndpoints.limit)
                        let shown = try await page.call.transaction { try await notes.notes(limit: limit, on: $0) }
                        return .content(list(page, shown))
                    }
                ]
            }

            /// The notes as a table, newest first.
            func list(_ page: PageCall, _ shown: [Note]) -> HTML {
                guard !shown.isEmpty else {
                    return HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有便签", en: "No notes")) }
                }
                return HTML.element("div", ["class": "scroll"]) {
                    HTML.element("table") {
                        HTML.element("thead") {
                            HTML.element("tr") {
                                for heading in [Localized(zh: "区划", en: "District"), .init(zh: "内容", en: "Note"), .init(zh: "记录人", en: "By")] {
                                    HTML.element("th", ["scope": "col"]) { page.text(heading) }
                                }
                            }
                        }
                        HTML.element("tbody") {
                            for note in shown {
                                HTML.element("tr") {
                                    HTML.element("td") { note.district.description }
                                    HTML.element("td") { note.body }
                                    HTML.element("td") { note.writtenBy }
                                }
                            }
                        }
                    }
                }
            }
        }

        """#

    static let fixture = #"""
        import Contract
        import Foundation
        import HummingbirdTesting
        import TestSupport

        @testable import {{Name}}

        /// Staff in two sibling townships (湖塘镇 and 牛塘镇, both in 武进区) and a county viewer, signed in.
        struct {{Name}}Fixture {
            struct Tokens: Sendable {
                /// Staff of 湖塘镇 (`TestPlatform.townshipA`).
                let staff: String
                /// Staff of the sibling township 牛塘镇 (`TestPlatform.townshipB`).
                let sibling: String
                /// A read-only viewer of the county.
                let viewer: String
            }

            static func with(_ body: @escaping @Sendable (TestPlatform, any TestClientProtocol, Tokens) async throws -> Void) async throws {
                try await TestPlatform.with(programmes: [{{Name}}Programme()]) { test in
                    try await test.user("staff", role: "{{id}}.staff", district: TestPlatform.townshipA)
                    try await test.user("sibling", role: "{{id}}.staff", district: TestPlatform.townshipB)
                    try await test.user("viewer", role: "{{id}}.viewer", district: TestPlatform.county)
                    try await test.withClient { client in
                        let tokens = Tokens(
                            staff: try await client.login("staff"), sibling: try await client.login("sibling"),
                            viewer: try await client.login("viewer"))
                        try await body(test, client, tokens)
                    }
                }
            }

            /// Adds a note in a village of 湖塘镇 as its staff; returns its id.
            static func addNote(_ client: any TestClientProtocol, _ tokens: Tokens, body: String = "三月走访计划已排定") async throws -> String {
                let added = try await client.call(
                    .post, "/api/v1/{{id}}/notes", token: tokens.staff, json: ["district": TestPlatform.villageA.description, "body": body])
                guard added.status == .created, let id = added.body["id"] as? String else {
                    throw TestFailure("adding a note failed: \(added.status) \(added.text)")
                }
                return id
            }
        }

        """#

    static let conformance = #"""
        import TestSupport
        import Testing

        @testable import {{Name}}

        @Suite struct {{Name}}ProgrammeTests {
            @Test func passesTheConformanceCheck() async throws {
                try await ProgrammeConformance.check({{Name}}Programme.self)
            }
        }

        """#

    static let commandTests = #"""
        import Contract
        import TestSupport
        import Testing

        @testable import {{Name}}

        /// `tonghu {{id}} count`, parsed as the CLI parses it and run with the test platform as its command context.
        @Suite struct {{Name}}CommandTests {
            @Test func countsTheNotesOfADistrictSubtree() async throws {
                try await {{Name}}Fixture.with { test, client, tokens in
                    _ = try await {{Name}}Fixture.addNote(client, tokens)
                    let township = try {{Name}}Command.Count.parse(["--district", TestPlatform.townshipA.description])
                    #expect(try await township.count(test) == .init(district: TestPlatform.townshipA.description, notes: 1))
                    let sibling = try {{Name}}Command.Count.parse(["--district", TestPlatform.townshipB.description])
                    #expect(try await sibling.count(test).notes == 0)
                    let malformed = try {{Name}}Command.Count.parse(["--district", "3204"])
                    await #expect(throws: Problem.self) { try await malformed.count(test) }
                }
            }
        }

        """#

    static let pageTests = #"""
        import Contract
        import TestSupport
        import Testing

        @testable import {{Name}}

        /// The notes page as a browser opens it (cookie session, the console's navigation): 湖塘镇's staff see their note,
        /// the sibling township's staff do not, a browser without a session is sent to the sign-in page.
        @Suite struct NotePageTests {
            @Test func theNotesPageShowsOnlyTheCallersDistricts() async throws {
                try await {{Name}}Fixture.with { _, client, tokens in
                    _ = try await {{Name}}Fixture.addNote(client, tokens)
                    var staff = FormBrowser(client: client)
                    let home = try await staff.signIn("staff")
                    #expect(home.text.contains(#"href="/{{id}}/notes""#), "the page is in the navigation")
                    let page = try await staff.get("/{{id}}/notes")
                    #expect(page.status == .ok)
                    #expect(page.text.contains("三月走访计划已排定"))
                    var sibling = FormBrowser(client: client)
                    _ = try await sibling.signIn("sibling")
                    let other = try await sibling.get("/{{id}}/notes")
                    #expect(other.status == .ok)
                    #expect(!other.text.contains("三月走访计划已排定"))
                    var anonymous = FormBrowser(client: client)
                    let refused = try await anonymous.get("/{{id}}/notes")
                    #expect(refused.status == .seeOther && refused.headers[.location] == "/")
                }
            }
        }

        """#

    static let browserTest = #"""
        """{{zh}} ({{en}}) in a real browser: the county's administrator opens the notes page from the navigation."""
        from selenium.webdriver.common.by import By

        from console import ConsoleCase


        class {{Name}}Pages(ConsoleCase):
            def test_the_notes_page_is_in_the_navigation(self):
                self.sign_in("admin")
                self.submit_link("便签")
                self.assertTrue(self.driver.current_url.endswith("/{{id}}/notes"), self.driver.current_url)
                self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "便签")
                self.assertLess(len(self.driver.page_source.encode()), 100_000)

        """#

    static let routeTests = #"""
        import Contract
        import Foundation
        import TestSupport
        import Testing

        @testable import {{Name}}

        /// The notes routes as a township's staff, a sibling township's staff and a county viewer call them.
        @Suite struct NoteRouteTests {
            @Test func staffAddAndReadNotesOfTheirDistricts() async throws {
                try await {{Name}}Fixture.with { test, client, tokens in
                    let id = try await {{Name}}Fixture.addNote(client, tokens)
                    let listed = try await client.call(.get, "/api/v1/{{id}}/notes", token: tokens.staff)
                    #expect(listed.status == .ok)
                    #expect(listed.text.contains(id))
                    let read = try await client.call(.get, "/api/v1/{{id}}/notes/\(id)", token: tokens.viewer)
                    #expect(read.status == .ok)
                    #expect(read.body["body"] as? String == "三月走访计划已排定")
                    let published = try await test.owner.withConnection { connection in
                        try await connection.query("SELECT count(*) FROM core.events WHERE topic = '{{id}}.note.added'", logger: test.logger)
                            .decode(Int.self).collect()
                    }
                    #expect(published == [1])
                }
            }

            /// Scope test: staff of the sibling township see nothing of 湖塘镇's notes, and cannot write there.
            @Test func aSiblingTownshipSeesNothing() async throws {
                try await {{Name}}Fixture.with { _, client, tokens in
                    let id = try await {{Name}}Fixture.addNote(client, tokens)
                    let listed = try await client.call(.get, "/api/v1/{{id}}/notes", token: tokens.sibling)
                    #expect(listed.status == .ok)
                    #expect(listed.text == "[]")
                    #expect(try await client.call(.get, "/api/v1/{{id}}/notes/\(id)", token: tokens.sibling).status == .notFound)
                    let intruding = try await client.call(
                        .post, "/api/v1/{{id}}/notes", token: tokens.sibling, json: ["district": TestPlatform.villageA.description, "body": "x"])
                    #expect(intruding.status == .notFound)
                }
            }

            /// What the routes answer is what `/openapi.json` documents (a generated client reads the bodies with it).
            @Test func answersMatchTheDocumentedSchemas() async throws {
                try await {{Name}}Fixture.with { _, client, tokens in
                    let id = try await {{Name}}Fixture.addNote(client, tokens)
                    let document = try JSONDecoder().decode(JSONValue.self, from: Data(try await client.call(.get, "/openapi.json").text.utf8))
                    let validator = JSONSchemaValidator(document: document)
                    for (uri, path) in [("/api/v1/{{id}}/notes", "/api/v1/{{id}}/notes"), ("/api/v1/{{id}}/notes/\(id)", "/api/v1/{{id}}/notes/{id}")] {
                        let answer = try await client.call(.get, uri, token: tokens.staff)
                        let schema = try #require(document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"])
                        let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.text.utf8))
                        #expect(validator.violations(of: body, against: schema).isEmpty, "GET \(uri): \(answer.text)")
                    }
                }
            }

            @Test func badInputNamesTheField() async throws {
                try await {{Name}}Fixture.with { _, client, tokens in
                    let blank = try await client.call(
                        .post, "/api/v1/{{id}}/notes", token: tokens.staff, json: ["district": TestPlatform.villageA.description, "body": "  "])
                    #expect(blank.status == .unprocessableContent)
                    #expect(blank.body["field"] as? String == "body")
                    let district = try await client.call(
                        .post, "/api/v1/{{id}}/notes", token: tokens.staff, json: ["district": "3204121002", "body": "x"])
                    #expect(district.status == .unprocessableContent)
                    #expect(district.body["field"] as? String == "district")
                    let limit = try await client.call(.get, "/api/v1/{{id}}/notes?limit=0", token: tokens.staff)
                    #expect(limit.status == .unprocessableContent)
                    #expect(limit.body["field"] as? String == "limit")
                    #expect(try await client.call(.get, "/api/v1/{{id}}/notes", token: nil).status == .unauthorized)
                }
            }
        }

        """#
}
