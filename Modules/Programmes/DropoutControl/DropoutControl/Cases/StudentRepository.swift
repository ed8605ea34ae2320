import Contract
import Foundation
import NIOCore
import PostgresNIO

/// Where a student is found: the watch list, the core children index and the terms' enrolment snapshots, each read
/// on the caller's connection (row-level security decides what exists).
struct StudentRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    /// A watched child's blind index, name and residence district.
    func watched(_ child: UUID, _ connection: PostgresConnection) async throws -> (index: Data, name: String, residence: DistrictCode?)? {
        try await connection.query(
            """
            SELECT w.id_index, c.name, w.residence_district FROM dropout_control.watch w JOIN core.children c ON c.id = w.child_id
            WHERE w.child_id = \(child)
            """, logger: logger
        ).decode((Data, String, Int64).self).first().map { ($0.0, $0.1, DistrictCode(value: $0.2)) }
    }

    /// The student's row in the term's current snapshot (any term's when `term` is nil), if the caller's scope covers the
    /// school.
    func enrolment(_ index: Data, term: Term?, _ connection: PostgresConnection) async throws -> (
        name: String, school: String, district: DistrictCode
    )? {
        try await connection.query(
            """
            SELECT e.name, e.school, e.school_district FROM dropout_control.enrolments e
            WHERE e.snapshot IN (SELECT snapshot FROM dropout_control.current_snapshots WHERE \(term?.description)::text IS NULL OR term = \(term?.description))
              AND e.id_index = \(index)
            ORDER BY e.line LIMIT 1
            """, logger: logger
        ).decode((String, String, Int64).self).first().flatMap { row in
            DistrictCode(value: row.2).map { (row.0, row.1, $0) }
        }
    }

    /// The registered child with this blind index as the caller's scope sees it.
    func child(withIndex index: Data, _ connection: PostgresConnection) async throws -> UUID? {
        try await connection.query("SELECT id FROM core.children WHERE id_number_index = \(index)", logger: logger).decode(UUID.self)
            .first()
    }

    /// The registered child with this blind index wherever it is registered (`core.children_by_index`).
    func registeredChild(withIndex index: Data, _ connection: PostgresConnection) async throws -> UUID? {
        try await connection.query("SELECT id FROM core.children_by_index(\([ByteBuffer(bytes: index)]))", logger: logger)
            .decode(UUID.self).first()
    }

    /// Where a watched child lives, from the watch list.
    func residence(of child: UUID, _ connection: PostgresConnection) async throws -> DistrictCode? {
        try await connection.query("SELECT residence_district FROM dropout_control.watch WHERE child_id = \(child)", logger: logger)
            .decode(Int64.self).first().flatMap { DistrictCode(value: $0) }
    }
}
