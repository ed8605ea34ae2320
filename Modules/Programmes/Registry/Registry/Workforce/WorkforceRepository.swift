import Contract
import Foundation
import Logging
import PostgresNIO

/// The workforce ledger on the caller's scoped connection (row-level security on the worker's district).
struct WorkforceRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    /// 联系电话 of a worker, sealed with the keyring (registry migration 6); re-encrypted by `tonghu keys rotate`.
    static let phoneColumn = SealedColumn(
        table: "registry.workers", row: "id", rowType: "bigint", cipher: "phone_cipher",
        keyID: "phone_key", field: "registry.workers.phone")

    /// Records the appointment, its `phone` (already parsed) sealed and masked.
    func appoint(_ appointment: Appointment, phone: String?, in district: DistrictCode, by actor: String, _ connection: PostgresConnection)
        async throws -> Worker
    {
        let sealed = phone.map { context.children.keyring.current.seal($0, field: Self.phoneColumn.field) }
        let id = try await connection.query(
            """
            INSERT INTO registry.workers (district, role, name, phone_masked, phone_cipher, phone_key, appointed_on, recorded_by)
            VALUES (\(district.value), \(appointment.role.rawValue), \(appointment.name), \(phone.map(PhoneNumber.masked)), \(sealed?.ciphertext), \(sealed?.keyID),
                    \(appointment.appointedOn.description)::date, \(actor))
            RETURNING id
            """, logger: logger
        ).decode(Int64.self).single("registry.workers RETURNING id")
        return try await written(id, connection)
    }

    /// The worker's phone in full, opened from its sealed column; `nil` when none was recorded or the worker is out of scope.
    func phone(of id: Int64, _ connection: PostgresConnection) async throws -> String? {
        guard
            let (cipher, keyID) = try await connection.query(
                """
                SELECT phone_cipher, phone_key FROM registry.workers WHERE id = \(id) AND phone_cipher IS NOT NULL
                """, logger: logger
            ).decode((Data, String).self).first()
        else { return nil }
        return context.children.keyring.open(cipher, keyID: keyID, field: Self.phoneColumn.field)
    }

    func find(_ id: Int64, _ connection: PostgresConnection) async throws -> Worker? {
        try await connection.query("SELECT \(unescaped: Worker.columns) FROM registry.workers w WHERE w.id = \(id)", logger: logger)
            .decode(Worker.Row.self).first().map(Worker.init)
    }

    /// The worker just written in this transaction, read back.
    private func written(_ id: Int64, _ connection: PostgresConnection) async throws -> Worker {
        guard let worker = try await find(id, connection) else { throw MissingRow(what: "registry.workers \(id)") }
        return worker
    }

    /// Workers in `district`'s subtree, in post on `today` unless `includeEnded`, by district and name.
    func list(in district: DistrictCode, role: Worker.Role?, includeEnded: Bool, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> [Worker]
    {
        let range = district.subtree
        return try await connection.query(
            """
            SELECT \(unescaped: Worker.columns) FROM registry.workers w
            WHERE w.district BETWEEN \(range.lowerBound) AND \(range.upperBound) AND (\(role?.rawValue)::text IS NULL OR w.role = \(role?.rawValue))
              AND (\(includeEnded) OR w.ended_on IS NULL OR w.ended_on > \(today.description)::date)
            ORDER BY w.district, w.name, w.id
            """, logger: logger
        ).decode(Worker.Row.self).collect().map(Worker.init)
    }

    /// Ends an appointment (resignation, reassignment); the record stays in the ledger.
    func end(_ id: Int64, on date: CalendarDate, reason: String, _ connection: PostgresConnection) async throws -> Worker {
        guard let worker = try await find(id, connection) else { throw Problem.notFound(WorkforceEndpoints.worker) }
        guard worker.endedOn == nil else { throw Problem.stateConflict("该任职已于 \(worker.endedOn!) 结束", "the appointment already ended") }
        guard date >= worker.appointedOn else {
            throw Problem.invalid("endedOn", "离任日期不能早于任职日期 \(worker.appointedOn)", "endedOn is before appointedOn")
        }
        try await connection.run(
            """
            UPDATE registry.workers SET ended_on = \(date.description)::date, end_reason = \(reason) WHERE id = \(id)
            """, logger: logger)
        return try await written(id, connection)
    }

    func addTraining(_ training: Training, to worker: Int64, by actor: String, _ connection: PostgresConnection) async throws -> Worker {
        guard try await find(worker, connection) != nil else { throw Problem.notFound(WorkforceEndpoints.worker) }
        try await connection.run(
            """
            INSERT INTO registry.trainings (worker_id, held_on, title, hours, provider, recorded_by)
            VALUES (\(worker), \(training.heldOn.description)::date, \(training.title), \(training.hours)::numeric, \(training.provider), \(actor))
            """, logger: logger)
        return try await written(worker, connection)
    }

    /// Village and township coverage in `district`'s subtree on `today`.
    func coverage(in district: DistrictCode, today: CalendarDate, _ connection: PostgresConnection) async throws -> WorkforceCoverage {
        let range = district.subtree
        let day = today.description
        let yearAgo = today.adding(months: -12).description
        let row =
            try await connection.query(
                """
                WITH posted AS (
                    SELECT w.id, w.district, w.role FROM registry.workers w
                    WHERE w.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                      AND w.appointed_on <= \(day)::date AND (w.ended_on IS NULL OR w.ended_on > \(day)::date)
                ), places AS (
                    SELECT d.code, d.level FROM core.districts d
                    WHERE d.code BETWEEN \(range.lowerBound) AND \(range.upperBound) AND d.level IN (4, 5) AND d.valid_to IS NULL
                )
                SELECT count(*) FILTER (WHERE p.level = 5),
                       count(*) FILTER (WHERE p.level = 5 AND EXISTS (SELECT 1 FROM posted w WHERE w.district = p.code AND w.role = 'director')),
                       count(*) FILTER (WHERE p.level = 4),
                       count(*) FILTER (WHERE p.level = 4 AND EXISTS (SELECT 1 FROM posted w WHERE w.district = p.code AND w.role = 'supervisor')),
                       (SELECT count(*) FROM posted),
                       (SELECT count(*) FROM posted w WHERE EXISTS (
                            SELECT 1 FROM registry.trainings t WHERE t.worker_id = w.id AND t.held_on > \(yearAgo)::date AND t.held_on <= \(day)::date))
                FROM places p
                """, logger: logger
            ).decode((Int, Int, Int, Int, Int, Int).self).first() ?? (0, 0, 0, 0, 0, 0)
        func share(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
        return WorkforceCoverage(
            district: district, villages: row.0, villagesWithDirector: row.1, directorCoverage: share(row.1, row.0),
            townships: row.2, townshipsWithSupervisor: row.3, supervisorCoverage: share(row.3, row.2),
            trainedLastYear: share(row.5, row.4))
    }
}
