import Contract
import Foundation
import PostgresNIO

/// Pages of the three ledgers, ordered by id (keyset pagination: pass the last id as `after`).
struct LedgerRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    /// One row of a ledger: a watched child (适龄失学) or a case (疑似辍学, 辍学).
    struct Entry: Codable, Sendable {
        /// The child for the age-eligible ledger, the case for the others.
        let id: UUID
        let child: UUID?
        let name: String
        let idNumberMasked: String?
        let district: DistrictCode
        let birthDate: CalendarDate?
        let school: String?
        let state: String?
        let openedOn: CalendarDate?
        let groups: [String]
        /// On the out-of-school ledger: whether the child is there because they live in the district (`residence`,
        /// 居住地) or only because their 户籍 is there (`hukou`, 户籍地); `district` is where they live.
        var side: Side? = nil
    }

    /// 居住地 or 户籍地: which side of the household-registration comparison put a child on a district's ledger.
    enum Side: String, Codable, Sendable {
        case residence, hukou

        var chineseName: String { self == .residence ? "居住地" : "户籍地" }
    }

    struct Page: Sendable {
        var district: DistrictCode
        var term: Term
        var after: UUID?
        var limit = 50
    }

    func entries(_ ledger: ComparisonRepository.Ledger, _ page: Page, _ connection: PostgresConnection) async throws -> [Entry] {
        let range = page.district.subtree
        switch ledger {
        case .outOfSchool:
            guard
                let comparison = try await ComparisonRepository(context: context).latest(
                    covering: page.district, term: page.term, connection)
            else {
                throw Problem.notFound(.init(zh: "该区划该学期的比对结果 (请先运行比对)", en: "A comparison for this district and term (run one first)"))
            }
            let rows = try await connection.query(
                """
                SELECT o.child_id, c.name, c.id_number_masked, o.residence_district, o.birth_date, o.groups,
                       o.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                FROM dropout_control.out_of_school o JOIN core.children c ON c.id = o.child_id
                WHERE o.comparison = \(comparison)
                  AND (o.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                       OR o.hukou_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
                  AND (\(page.after)::uuid IS NULL OR o.child_id > \(page.after))
                ORDER BY o.child_id LIMIT \(page.limit)
                """, logger: logger
            ).decode((UUID, String, String, DistrictCode, CalendarDate, [String], Bool).self).collect()
            return rows.map {
                Entry(
                    id: $0.0, child: $0.0, name: $0.1, idNumberMasked: $0.2, district: $0.3, birthDate: $0.4,
                    school: nil, state: nil, openedOn: nil, groups: $0.5, side: $0.6 ? .residence : .hukou)
            }
        case .suspected, .dropout:
            let states = (ledger == .suspected ? [CaseState.suspected] : CaseState.confirmed).map(\.rawValue)
            let rows = try await connection.query(
                """
                SELECT k.id, k.child_id, k.name, c.id_number_masked, k.district, c.birth_date, k.school, k.state, k.opened_on,
                       COALESCE(w.groups, '{}')
                FROM dropout_control.cases k
                LEFT JOIN core.children c ON c.id = k.child_id
                LEFT JOIN dropout_control.watch w ON w.child_id = k.child_id
                WHERE k.term = \(page.term.description) AND k.state = ANY(\(states))
                  AND (k.district BETWEEN \(range.lowerBound) AND \(range.upperBound) OR k.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
                  AND (\(page.after)::uuid IS NULL OR k.id > \(page.after))
                ORDER BY k.id LIMIT \(page.limit)
                """, logger: logger
            ).decode((UUID, UUID?, String, String?, DistrictCode, CalendarDate?, String?, String, CalendarDate, [String]).self).collect()
            return rows.map {
                Entry(
                    id: $0.0, child: $0.1, name: $0.2, idNumberMasked: $0.3, district: $0.4, birthDate: $0.5,
                    school: $0.6, state: $0.7, openedOn: $0.8, groups: $0.9)
            }
        }
    }
}
