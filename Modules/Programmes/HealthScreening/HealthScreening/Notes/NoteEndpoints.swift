import Contract
import Foundation
import Hummingbird

/// `/api/v1/health-screening/notes`: the notes of the caller's districts.
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
                access: .permission(HealthScreeningPermissions.noteRead), inputs: [Self.limit], response: .json([Note].self)
            ) { _, call in
                let limit = try call.input(Self.limit)
                return try call.json(try await call.transaction { try await notes.notes(limit: limit, on: $0) })
            },
            Endpoint(
                .get, "/notes/{id}", summary: .init(zh: "查看便签", en: "A note"), access: .permission(HealthScreeningPermissions.noteRead),
                inputs: [Self.note], response: .json(Note.self)
            ) { _, call in
                let id = try call.input(Self.note)
                guard let note = try await call.transaction({ try await notes.note(id, on: $0) }) else {
                    throw Problem.notFound(.init(zh: "便签 \(id)", en: "Note \(id)"))
                }
                return try call.json(note)
            },
            Endpoint(
                .post, "/notes", summary: .init(zh: "新增便签", en: "Add a note"), access: .permission(HealthScreeningPermissions.noteWrite),
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
