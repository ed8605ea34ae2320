import Contract
import Foundation
import PostgresNIO
import RegistryInterface

/// Staff decisions on categories: assigning one by hand, resolving an exit review.
extension FileRepository {
    func assign(_ manual: ManualCategory, child: UUID, by actor: String, today: CalendarDate, _ connection: PostgresConnection) async throws
    {
        try await connection.run(
            """
            INSERT INTO registry.categories (child_id, category, starts, source, reason, recorded_by)
            VALUES (\(child), \(manual.category.rawValue), \((manual.starts ?? today).description)::date, 'manual', \(manual.reason), \(actor))
            """, logger: logger)
        try await publishCategories(child, connection)
    }

    /// `exited` ends the category today; `kept` closes the review and keeps it. Returns the child.
    func resolve(review: Int64, _ decision: ExitDecision, by actor: String, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> UUID
    {
        guard ["exited", "kept"].contains(decision.resolution) else {
            throw Problem.invalid("resolution", "resolution 应为 exited (退出) 或 kept (保留)", "resolution must be exited or kept")
        }
        if decision.resolution == "kept", (decision.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw Problem.invalid("reason", "保留须注明理由", "keeping needs a reason")
        }
        guard
            let (child, category) = try await connection.query(
                """
                UPDATE registry.exit_reviews SET resolved_on = \(today.description)::date, resolution = \(decision.resolution), resolved_by = \(actor)
                WHERE id = \(review) AND resolved_on IS NULL RETURNING child_id, category
                """, logger: logger
            ).decode((UUID, String).self).first()
        else {
            throw Problem.notFound(.init(zh: "待处理的应退未退审核", en: "Open exit review"))
        }
        if decision.resolution == "exited" {
            try await connection.run(
                """
                UPDATE registry.categories SET ends = \(today.description)::date, reason = COALESCE(\(decision.reason), reason)
                WHERE child_id = \(child) AND category = \(category) AND ends IS NULL
                """, logger: logger)
            try await publishCategories(child, connection)
        }
        return child
    }

    func publishCategories(_ child: UUID, _ connection: PostgresConnection) async throws {
        guard let facts = try await facts(child, connection) else { return }
        try await context.events.publish(
            RegistryTopics.categoriesChanged,
            ChildCategories(
                child: child, residenceDistrict: facts.residence, hukouDistrict: facts.hukou, birthDate: facts.facts.birthDate,
                categories: try await currentCategories(child, connection).map(\.category)), child: child, district: facts.residence,
            on: connection)
    }
}
