import Contract
import Foundation
import PostgresNIO
import RegistryInterface

/// 关注名单 — the children civil affairs follows, kept from the registry's events (`registry.child.registered`,
/// `registry.categories.changed`) and never read from its tables, so the comparison works when the registry runs
/// in another department's gateway. Each child keeps the ID-number blind index from the core children index, the
/// key that matches the enrolment snapshots.
struct WatchList: Sendable {
    let context: ProgrammeContext
    static let subscriber = "dropout-control.watch"

    var subscriptions: [EventSubscription] {
        [RegistryTopics.fileOpened, RegistryTopics.categoriesChanged].map { topic in
            EventSubscription(subscriber: Self.subscriber, topic: topic) { child, connection in try await record(child, connection) }
        }
    }

    /// Adds the child or refreshes its districts, birth date and priority groups.
    func record(_ child: ChildCategories, _ connection: PostgresConnection) async throws {
        try await connection.run(
            """
            INSERT INTO dropout_control.watch (child_id, id_index, residence_district, hukou_district, birth_date, groups)
            SELECT c.id, c.id_number_index, \(child.residenceDistrict.value), \(child.hukouDistrict.value), \(child.birthDate.description)::date,
                   \(PriorityGroup.groups(of: child.categories).map(\.rawValue))
            FROM core.children c WHERE c.id = \(child.child)
            ON CONFLICT (child_id) DO UPDATE SET residence_district = EXCLUDED.residence_district, hukou_district = EXCLUDED.hukou_district,
                birth_date = EXCLUDED.birth_date, groups = EXCLUDED.groups, updated_at = now()
            """, logger: context.logger)
    }
}

/// 重点群体 — the priority groups of 教基厅函〔2024〕15号 (孤儿, 事实无人抚养, 残疾, 留守, 困境, 随迁子女), derived from the
/// registry's categories; a district's own category is in none.
enum PriorityGroup: String, CaseIterable, Sendable {
    case orphan, deFactoUnsupported = "de-facto-unsupported", disabled, leftBehind = "left-behind", vulnerable, migrant

    static func groups(of categories: [ChildCategory]) -> [PriorityGroup] {
        let groups = Set(
            categories.compactMap { category -> PriorityGroup? in
                switch category {
                case .orphanInstitutional, .orphanDispersed: .orphan
                case .deFactoUnsupported: .deFactoUnsupported
                case .disabled, .difficultDisability: .disabled
                case .ruralLeftBehind: .leftBehind
                case .difficultPoverty, .difficultSafety, .streetChild, .hivAffected: .vulnerable
                case .migrant: .migrant
                case .local: nil
                }
            })
        return allCases.filter(groups.contains)
    }
}
