/// The files of a new programme. `{{Name}}`, `{{id}}`, `{{schema}}` and the titles (`{{zh}}`, `{{en}}`; escaped for a
/// string literal as `{{zh-literal}}`, `{{en-literal}}`) are filled in by `Scaffold.render`; the raw literals keep
/// backslashes and `"""` as they are.
enum Templates {
    static let programme = #"""
        import Contract

        /// {{zh}} — the {{en}} programme. It owns schema `{{schema}}`, the `{{id}}.*` permissions and roles, and the
        /// routes under `/api/v1/{{id}}`.
        public struct {{Name}}Programme: Programme {
            public static let id = "{{id}}"
            public static let title = Localized(zh: "{{zh-literal}}", en: "{{en-literal}}")

            static let noteRead: Permission = "{{id}}.note.read"

            public init() {}

            /// Applied in version order; never edit one that has been applied (the runner compares checksums).
            public var migrations: [Migration] {
                [
                    Migration(1, "notes", """
                        CREATE SCHEMA {{schema}};
                        CREATE TABLE {{schema}}.notes (
                            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                            district bigint NOT NULL REFERENCES core.districts (code),
                            body text NOT NULL CHECK (body <> ''),
                            created_at timestamptz NOT NULL DEFAULT now()
                        );
                        CREATE INDEX notes_district ON {{schema}}.notes (district);
                        ALTER TABLE {{schema}}.notes ENABLE ROW LEVEL SECURITY;
                        CREATE POLICY notes_in_scope ON {{schema}}.notes
                            USING (district <@ core.scope())
                            WITH CHECK (district <@ core.scope());
                        GRANT USAGE ON SCHEMA {{schema}} TO tonghu_app;
                        GRANT SELECT, INSERT ON {{schema}}.notes TO tonghu_app;
                        """),
                ]
            }

            public var permissions: [Permission] { [Self.noteRead] }

            public var roles: [Role] {
                [Role("{{id}}.viewer", title: .init(zh: "{{zh-literal}}查看员", en: "{{en-literal}} viewer"), permissions: [Self.noteRead])]
            }

            public var districtReferences: [DistrictReference] {
                [DistrictReference(table: "{{schema}}.notes", column: "district")]
            }

            public func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
                let repository = {{Name}}Repository(logger: context.logger)
                return [
                    Endpoint(.get, "/notes", summary: .init(zh: "便签列表", en: "List notes"), access: .permission(Self.noteRead),
                             response: .arraySchema(Note.schema)) { _, call in
                        let notes = try await call.transaction { try await repository.notes(on: $0) }
                        return try call.json(notes)
                    },
                ]
            }
        }

        """#

    static let repository = #"""
        import Contract
        import Foundation
        import Logging
        import PostgresNIO

        /// The SQL of schema `{{schema}}`. Queries run on the connection of `Call.transaction`, whose district scope
        /// row-level security applies, so no query filters by district itself.
        struct {{Name}}Repository: Sendable {
            let logger: Logger

            /// The notes in the caller's scope, newest first, at most `limit`.
            func notes(limit: Int = 500, on connection: PostgresConnection) async throws -> [Note] {
                let rows = try await connection.query("""
                    SELECT id, district, body, created_at FROM {{schema}}.notes ORDER BY created_at DESC LIMIT \(limit)
                    """, logger: logger)
                var notes: [Note] = []
                for try await (id, district, body, createdAt) in rows.decode((UUID, Int64, String, Date).self) {
                    // The foreign key to core.districts admits only valid codes.
                    notes.append(Note(id: id, district: DistrictCode(value: district)!, body: body, createdAt: createdAt))
                }
                return notes
            }
        }

        """#

    static let note = #"""
        import Contract
        import Foundation

        /// 工作便签 — a note kept in a district: the scaffold's example record, to be replaced by the programme's own.
        struct Note: Codable, Sendable {
            let id: UUID
            let district: DistrictCode
            let body: String
            let createdAt: Date

            static let schema = JSONValue.objectSchema([
                "id": .stringSchema("编号", format: "uuid"),
                "district": .districtCodeSchema,
                "body": .stringSchema("内容"),
                "createdAt": .stringSchema("创建时间", format: "date-time"),
            ], required: ["id", "district", "body", "createdAt"])
        }

        """#

    static let tests = #"""
        import {{Name}}
        import Testing
        import TestSupport

        @Suite struct {{Name}}ProgrammeTests {
            @Test func passesTheConformanceCheck() async throws {
                try await ProgrammeConformance.check({{Name}}Programme.self)
            }
        }

        """#
}
