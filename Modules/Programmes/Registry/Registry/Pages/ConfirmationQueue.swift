import Contract
import Foundation
import PostgresNIO

/// 督导确认 — what waits for a township supervisor, read on the caller's scoped connection (row-level security keeps
/// it to their districts): red visits not yet reviewed, and colour changes to red asked for without the right to
/// confirm them.
extension FileRepository {
    /// A visit whose result is red and that no supervisor has reviewed.
    struct RedVisit: Sendable {
        let id: UUID
        let child: UUID
        let name: String
        let residence: DistrictCode
        let visitedOn: CalendarDate
        let visitor: String
        let mode: String
        let findings: VisitRequest.Findings
    }

    /// A colour change waiting for a supervisor's decision.
    struct PendingChange: Sendable {
        let id: Int64
        let child: UUID
        let name: String
        let colour: String
        let previous: String?
        let reason: String
        let requestedBy: String
    }

    /// The red visits not yet reviewed, oldest first, at most `limit`.
    func redVisitsAwaitingReview(limit: Int, _ connection: PostgresConnection) async throws -> [RedVisit] {
        try await connection.query(
            """
            SELECT v.id, v.child_id, f.name, f.residence_district, v.visited_on, v.visitor, v.mode, v.findings::text
            FROM registry.visits v JOIN registry.files f USING (child_id)
            WHERE v.reviewed_at IS NULL AND v.colour_after = \(RiskColour.red.rawValue)
            ORDER BY v.visited_on, v.id LIMIT \(limit)
            """, logger: logger
        ).decode((UUID, UUID, String, DistrictCode, CalendarDate, String, String, String).self).collect().map { row in
            RedVisit(
                id: row.0, child: row.1, name: row.2, residence: row.3, visitedOn: row.4, visitor: row.5, mode: row.6,
                findings: (try? JSONDecoder().decode(VisitRequest.Findings.self, from: Data(row.7.utf8))) ?? .init())
        }
    }

    /// The colour changes waiting for a decision, oldest first, at most `limit`.
    func pendingChanges(limit: Int, _ connection: PostgresConnection) async throws -> [PendingChange] {
        try await connection.query(
            """
            SELECT r.id, r.child_id, f.name, r.colour, r.previous, r.reason, r.requested_by
            FROM registry.risk_changes r JOIN registry.files f USING (child_id)
            WHERE r.status = 'pending' ORDER BY r.id LIMIT \(limit)
            """, logger: logger
        ).decode((Int64, UUID, String, String, String?, String, String).self).collect().map {
            PendingChange(id: $0.0, child: $0.1, name: $0.2, colour: $0.3, previous: $0.4, reason: $0.5, requestedBy: $0.6)
        }
    }
}
