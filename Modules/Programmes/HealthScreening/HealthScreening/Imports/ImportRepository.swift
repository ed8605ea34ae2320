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
}
