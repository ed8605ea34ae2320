import Contract
import Foundation
import HealthScreeningInterface
import PostgresNIO

/// The SQL of `health_screening.notes`. Queries run on the connection they are given: `Call.transaction`'s, under the
/// caller's scope and row-level security (no query filters by scope itself), or the owner's for admin commands.
struct NoteRepository: Sendable {
    let context: ProgrammeContext

    /// The notes the connection may see, newest first, at most `limit`.
    func notes(limit: Int, on connection: PostgresConnection) async throws -> [Note] {
        let rows = try await connection.query(
            """
            SELECT id, district, body, written_by, created_at FROM health_screening.notes ORDER BY created_at DESC, id LIMIT \(limit)
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
            "SELECT id, district, body, written_by, created_at FROM health_screening.notes WHERE id = \(id)", logger: context.logger)
        return try await rows.decode((UUID, DistrictCode, String, String, Date).self).collect().first.map {
            Note(id: $0.0, district: $0.1, body: $0.2, writtenBy: $0.3, createdAt: $0.4)
        }
    }

    /// Adds a note, written now by the platform's clock, and publishes `health-screening.note.added` in the same transaction.
    func add(district: DistrictCode, body: String, by actor: String, on connection: PostgresConnection) async throws -> Note {
        let note = Note(id: UUID(), district: district, body: body, writtenBy: actor, createdAt: context.clock.now())
        try await connection.run(
            """
            INSERT INTO health_screening.notes (id, district, body, written_by, created_at)
            VALUES (\(note.id), \(district), \(body), \(actor), \(note.createdAt))
            """, logger: context.logger)
        try await context.events.publish(
            HealthScreeningTopics.noteAdded, NoteAdded(note: note.id, district: district), district: district, on: connection)
        return note
    }

    /// How many notes `district`'s subtree holds (the owner's connection: every district).
    func count(in district: DistrictCode, on connection: PostgresConnection) async throws -> Int {
        let range = district.subtree
        let rows = try await connection.query(
            "SELECT count(*) FROM health_screening.notes WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound)",
            logger: context.logger)
        return try await rows.decode(Int.self).collect().first ?? 0
    }
}
