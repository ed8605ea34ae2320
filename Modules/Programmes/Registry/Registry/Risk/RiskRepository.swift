import Contract
import Foundation
import PostgresNIO
import RegistryInterface

/// 四色管理: colour changes with their history. A change to the highest colour waits for a supervisor unless it
/// was forced by a finding or made by someone who may confirm it.
extension FileRepository {
    /// Records the change; when `confirmed`, applies it at once (colour, next due date from the new interval, event).
    func changeRisk(
        _ child: UUID, to colour: RiskColour, reason: String, forced: Bool, by actor: String, confirmed: Bool, today: CalendarDate,
        _ connection: PostgresConnection
    ) async throws {
        let previous = try await connection.query(
            "SELECT risk_colour FROM registry.files WHERE child_id = \(child) FOR UPDATE", logger: logger
        )
        .decode(String.self).first()
        guard let previous else { throw Problem.notFound(FileEndpoints.file) }
        let id = try await connection.query(
            """
            INSERT INTO registry.risk_changes (child_id, colour, previous, reason, forced, status, requested_by, decided_by, decided_at)
            VALUES (\(child), \(colour.rawValue), \(previous), \(reason), \(forced), \(confirmed ? "effective" : "pending"), \(actor),
                    \(confirmed ? actor : nil), \(confirmed ? Date() : nil))
            RETURNING id
            """, logger: logger
        ).decode(Int64.self).single("registry.risk_changes RETURNING id")
        if confirmed { try await apply(change: id, today: today, connection) }
    }

    /// A supervisor approves or rejects a pending change. Returns the child.
    func decide(change: Int64, approve: Bool, note: String?, by supervisor: String, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> UUID
    {
        guard
            let child = try await connection.query(
                """
                UPDATE registry.risk_changes SET status = \(approve ? "effective" : "rejected"), decided_by = \(supervisor), decided_at = now(), decision_note = \(note)
                WHERE id = \(change) AND status = 'pending' RETURNING child_id
                """, logger: logger
            ).decode(UUID.self).first()
        else {
            throw Problem.notFound(.init(zh: "待确认的颜色变更", en: "Pending risk change"))
        }
        if approve { try await apply(change: change, today: today, connection) }
        return child
    }

    /// Applies the colour; a shorter wait re-plans the open visit (`replanVisit`): a child never visited is due one new
    /// interval from `today`, a visited one from the last counted visit.
    private func apply(change: Int64, today: CalendarDate, _ connection: PostgresConnection) async throws {
        guard
            let (child, colour, previous) = try await connection.query(
                "SELECT child_id, colour, previous FROM registry.risk_changes WHERE id = \(change)", logger: logger
            ).decode((UUID, String, String?).self).first(), let facts = try await facts(child, connection)
        else { return }
        let scheme = try await scheme(for: facts.residence, on: today, connection)
        try await connection.run(
            "UPDATE registry.files SET risk_colour = \(colour), updated_at = now() WHERE child_id = \(child)", logger: logger)
        try await replanVisit(child, colour: RiskColour(rawValue: colour) ?? scheme.lowest, from: today, today: today, connection)
        try await context.events.publish(
            RegistryTopics.riskChanged, RiskChanged(child: child, colour: colour, previous: previous),
            child: child, district: facts.residence, on: connection)
    }
}
