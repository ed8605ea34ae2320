import Contract
import Foundation
import PostgresNIO

/// The SQL imports use to find what a row refers to, on the import's connection (under the writer's row-level security:
/// a newborn outside it is not found).
struct ImportRepository: Sendable {
    let context: ProgrammeContext

    /// Whether the hospital's record number is registered already.
    func isRegistered(hospital: String, record: String, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            "SELECT 1 FROM health_screening.newborns WHERE hospital = \(hospital) AND hospital_record = \(record)",
            logger: context.logger
        ).collect().isEmpty
    }

    /// Up to two newborns a laboratory row names (two: it is ambiguous): by the hospital record number, of `hospital`
    /// when given; or by the mother's ID number and the birth day (Asia/Shanghai), of `birthOrder` when given.
    func newborns(_ key: LabResultRow.NewbornKey, on connection: PostgresConnection) async throws -> [UUID] {
        let rows =
            switch key {
            case .record(let hospital, let record):
                try await connection.query(
                    """
                    SELECT id FROM health_screening.newborns
                    WHERE hospital_record = \(record) AND (\(hospital)::text IS NULL OR hospital = \(hospital)) LIMIT 2
                    """, logger: context.logger)
            case .mother(let mother, let day, let order):
                try await connection.query(
                    """
                    SELECT id FROM health_screening.newborns
                    WHERE mother_id_index = \(context.children.keyring.current.blindIndex(mother))
                      AND (born_at AT TIME ZONE 'Asia/Shanghai')::date = \(day.description)::date
                      AND (\(order)::int4 IS NULL OR birth_order = \(order)) LIMIT 2
                    """, logger: context.logger)
            }
        return try await rows.decode(UUID.self).collect()
    }

    /// The newborn's chain for `condition` (its code or Chinese title), if it has one.
    func chain(of newborn: UUID, condition: String, on connection: PostgresConnection) async throws -> UUID? {
        try await connection.query(
            """
            SELECT id FROM health_screening.chains WHERE newborn = \(newborn) AND (condition = \(condition) OR title_zh = \(condition))
            """, logger: context.logger
        ).decode(UUID.self).first()
    }

    /// Whether the chain holds this result already (same state at the same time): a replayed row.
    func hasResult(_ chain: UUID, state: String, at occurredAt: Date, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            """
            SELECT 1 FROM health_screening.steps
            WHERE chain = \(chain) AND link = 'result' AND state = \(state) AND occurred_at = \(occurredAt)
            """, logger: context.logger
        ).collect().isEmpty
    }
}
