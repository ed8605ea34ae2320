import Contract
import Foundation
import Logging
import ServiceLifecycle

/// Children stop qualifying with time (the 16th or 18th birthday) as well as with new facts. Once a day, and at
/// start, this service re-derives every file holding a derived category whose child has reached 16, so the
/// exit-review queue (应退未退) fills without anyone editing the file, and ends the visit cadence of every child who
/// has turned 18 (`FileRepository.exitAgedOut`).
struct ExitReviewScanner: Service {
    let context: ProgrammeContext
    var interval: Duration = .seconds(24 * 60 * 60)

    /// Scans now and then every `interval` until graceful shutdown, which also ends the wait between scans.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await scan(today: context.clock.today())
                    try await exitAgedOut(today: context.clock.today())
                } catch is CancellationError { return } catch {
                    context.logger.error("exit review scan failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Returns how many files were re-derived.
    @discardableResult
    func scan(today: CalendarDate) async throws -> Int {
        let files = FileRepository(context: context)
        let sixteen = FileRepository.yearsBefore(today, 16)
        return try await context.database.transaction(settings: [
            ("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system")
        ]) { connection in
            let candidates = try await connection.query(
                """
                SELECT DISTINCT f.child_id FROM registry.files f JOIN registry.categories k ON k.child_id = f.child_id
                WHERE k.ends IS NULL AND k.source = 'derived' AND f.birth_date <= \(sixteen.description)::date
                  AND NOT EXISTS (SELECT 1 FROM registry.exit_reviews r WHERE r.child_id = f.child_id AND r.category = k.category AND r.resolved_on IS NULL)
                """, logger: context.logger
            ).decode(UUID.self).collect()
            for child in candidates { try await files.rederive(child, by: "system", today: today, connection) }
            return candidates.count
        }
    }

    /// Ends the visit cadence of the children who are 18 on `today`; returns how many.
    @discardableResult
    func exitAgedOut(today: CalendarDate) async throws -> Int {
        try await context.database.transaction(settings: [
            ("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system")
        ]) { connection in
            try await FileRepository(context: context).exitAgedOut(today: today, connection)
        }
    }
}
