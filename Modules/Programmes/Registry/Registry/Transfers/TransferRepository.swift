import Contract
import Foundation
import Logging
import PostgresNIO
import RegistryInterface

/// Proposes, lists and decides transfers on the caller's scoped connection.
struct TransferRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    /// Proposes moving `child` (whose file the caller sees) to `destination`; one open proposal per child.
    func propose(_ child: UUID, to destination: DistrictCode, reason: String, by actor: String, _ connection: PostgresConnection)
        async throws -> Transfer
    {
        guard
            let entry = try await connection.query(
                """
                SELECT \(unescaped: RosterEntry.columns) FROM registry.files f JOIN core.children c ON c.id = f.child_id WHERE f.child_id = \(child)
                """, logger: logger
            ).decode(RosterEntry.Row.self).first().map(RosterEntry.init)
        else {
            throw Problem.notFound(FileEndpoints.file)
        }
        guard destination != entry.residenceDistrict else {
            throw Problem.invalid("toDistrict", "转入地与现居住地相同", "the destination is the child's current district")
        }
        let open = try await connection.query(
            "SELECT id FROM registry.transfers WHERE child_id = \(child) AND status = 'proposed'", logger: logger
        )
        .decode(Int64.self).first()
        if let open { throw Problem.conflict("该儿童已有待接收的转移", "a transfer of this child is already waiting", existing: String(open)) }
        let row = try await connection.query(
            """
            INSERT INTO registry.transfers (child_id, from_district, to_district, reason, summary, proposed_by)
            VALUES (\(child), \(entry.residenceDistrict.value), \(destination.value), \(reason), \(JSONText.encoding(entry))::jsonb, \(actor))
            RETURNING \(unescaped: Transfer.columns)
            """, logger: logger
        ).decode(Transfer.Row.self).single("registry.transfers RETURNING")
        return try Transfer(row)
    }

    func find(_ id: Int64, _ connection: PostgresConnection) async throws -> Transfer? {
        try await connection.query("SELECT \(unescaped: Transfer.columns) FROM registry.transfers WHERE id = \(id)", logger: logger)
            .decode(Transfer.Row.self).first().map(Transfer.init)
    }

    /// Transfers into (`incoming`) or out of the caller's scope, newest first, keyset-paginated by id.
    func list(incoming: Bool, status: Transfer.Status?, before: Int64?, limit: Int, _ connection: PostgresConnection) async throws
        -> [Transfer]
    {
        let side = incoming ? "to_district" : "from_district"
        return try await connection.query(
            """
            SELECT \(unescaped: Transfer.columns) FROM registry.transfers
            WHERE \(unescaped: side) <@ core.scope() AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(before)::bigint IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger
        ).decode(Transfer.Row.self).collect().map(Transfer.init)
    }

    /// Accepts on the receiving side: the file, its visit items and the core index entry move to the destination, which
    /// becomes responsible; from another county, the sending county's visit cadence exits and the receiving county's
    /// begins (`FileRepository.beginCountyRun`); publishes `registry.transfer.completed`. All in the caller's transaction.
    func accept(_ transfer: Transfer, note: String?, by actor: String, today: CalendarDate, _ connection: PostgresConnection) async throws {
        let moved =
            try await connection.query("SELECT registry.accept_transfer(\(transfer.id), \(actor), \(note))", logger: logger)
            .decode(UUID?.self).first() ?? nil
        guard moved != nil else {
            throw Problem.stateConflict("该转移已处理或不在您的接收范围内", "the transfer was already decided or is not addressed to your districts")
        }
        if transfer.toDistrict.value / 1_000_000 != transfer.fromDistrict.value / 1_000_000 {
            try await FileRepository(context: context).beginCountyRun(
                transfer.child, transfer: transfer.id, to: transfer.toDistrict, today: today, at: context.clock.now(), connection)
        }
        try await context.events.publish(
            RegistryTopics.transferCompleted,
            TransferCompleted(
                child: transfer.child, fromDistrict: transfer.fromDistrict, toDistrict: transfer.toDistrict, acceptedOn: today),
            child: transfer.child, district: transfer.toDistrict, on: connection)
    }

    /// Ends an open proposal without moving the child: `rejected` by the receiver, `withdrawn` by the sender.
    func close(_ transfer: Transfer, as status: Transfer.Status, note: String?, by actor: String, _ connection: PostgresConnection)
        async throws
    {
        let closed = try await connection.query(
            """
            UPDATE registry.transfers SET status = \(status.rawValue), decided_by = \(actor), decided_at = now(), decision_note = \(note)
            WHERE id = \(transfer.id) AND status = 'proposed' RETURNING id
            """, logger: logger
        ).decode(Int64.self).first()
        guard closed != nil else { throw Problem.stateConflict("该转移已处理", "the transfer was already decided") }
    }
}
