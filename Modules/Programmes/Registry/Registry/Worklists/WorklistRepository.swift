import Contract
import Foundation
import PostgresNIO
import RegistryInterface

/// Work lists (overdue and due-soon visits) and indicators for a district subtree.
struct WorklistRepository: Sendable {
    let context: ProgrammeContext

    struct Worklist: Encodable, Sendable {
        let district: DistrictCode
        let asOf: CalendarDate
        let total: Int
        /// Counts per district one level down (townships of a county, villages of a township).
        let byDistrict: [DistrictCount]
        /// The most urgent first, at most `limit`.
        let children: [RosterEntry]
    }

    struct DistrictCount: Encodable, Sendable {
        let district: DistrictCode
        let count: Int
    }

    /// Files whose next visit is due before `before` (overdue: before today; due soon: before today + window). The most
    /// urgent are picked from the due-order index alone, within the county, before anything is joined to them.
    func visitsDue(in district: DistrictCode, before: CalendarDate, today: CalendarDate, limit: Int, _ connection: PostgresConnection)
        async throws -> Worklist
    {
        let range = district.subtree
        let divisor = Self.groupDivisor(below: district)
        let counts = try await connection.query(
            """
            SELECT residence_district / \(divisor) * \(divisor) AS below, count(*) FROM registry.files
            WHERE \(county: "residence_county", of: range) AND residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND next_visit_due < \(before.description)::date
            GROUP BY below ORDER BY below
            """, logger: context.logger
        ).decode((Int64, Int).self).collect()
        let children = try await connection.query(
            """
            SELECT \(unescaped: RosterEntry.columns)
            FROM (SELECT child_id FROM registry.files
                  WHERE \(county: "residence_county", of: range) AND residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                    AND next_visit_due < \(before.description)::date
                  ORDER BY next_visit_due, child_id LIMIT \(limit)) AS urgent
            JOIN registry.files f USING (child_id) JOIN core.children c ON c.id = f.child_id
            ORDER BY f.next_visit_due, f.child_id
            """, logger: context.logger
        ).decode(RosterEntry.Row.self).collect().map(RosterEntry.init)
        return Worklist(
            district: district, asOf: today, total: counts.reduce(0) { $0 + $1.1 },
            byDistrict: counts.compactMap { code, count in DistrictCode(value: code).map { DistrictCount(district: $0, count: count) } },
            children: children)
    }

    /// 10^(digits below the next level): dividing and multiplying a code by it gives its ancestor one level below `district`.
    static func groupDivisor(below district: DistrictCode) -> Int64 {
        let next = min(5, (district.level ?? 5) + 1)
        return [10_000_000_000, 100_000_000, 1_000_000, 1_000, 1][next - 1]
    }

    struct Indicators: Encodable, Sendable {
        let district: DistrictCode
        let asOf: CalendarDate
        let children: Int
        let byCategory: [String: Int]
        let byColour: [String: Int]
        /// 走访覆盖率: files visited at least once whose next visit is not yet overdue, over all files (a file never
        /// visited is not covered, however far off its first due date).
        let visitCoverage: Double?
        let overdueVisits: Int
        /// Left-behind children with an entrusted-care agreement in force, over all left-behind children (target 100%).
        let agreementSigningRate: Double?
        let exitReviewBacklog: Int
        let pendingRiskConfirmations: Int
        /// Villages with a child director in post, over villages (seed 003).
        let childDirectorCoverage: Double?
        /// The latest survey round (一年两排) covering the district, and how far it has got there.
        let surveyRound: SurveyProgress?
    }

    func indicators(in district: DistrictCode, today: CalendarDate, _ connection: PostgresConnection) async throws -> Indicators {
        let range = district.subtree
        let totals =
            try await connection.query(
                """
                SELECT count(*), count(*) FILTER (WHERE f.next_visit_due < \(today)),
                       count(*) FILTER (WHERE f.last_visit_on IS NOT NULL AND f.next_visit_due >= \(today)),
                       (SELECT count(*) FROM registry.exit_reviews r JOIN registry.files f ON f.child_id = r.child_id
                        WHERE \(residenceIn: range) AND r.resolved_on IS NULL),
                       (SELECT count(*) FROM registry.risk_changes r JOIN registry.files f ON f.child_id = r.child_id
                        WHERE \(residenceIn: range) AND r.status = 'pending')
                FROM registry.files f WHERE \(residenceIn: range)
                """, logger: context.logger
            ).decode((Int, Int, Int, Int, Int).self).first() ?? (0, 0, 0, 0, 0)
        let categories = try await connection.query(
            """
            SELECT k.category, count(DISTINCT k.child_id) FROM registry.categories k JOIN registry.files f ON f.child_id = k.child_id
            WHERE \(residenceIn: range) AND k.ends IS NULL GROUP BY k.category
            """, logger: context.logger
        ).decode((String, Int).self).collect()
        let colours = try await connection.query(
            "SELECT f.risk_colour, count(*) FROM registry.files f WHERE \(residenceIn: range) GROUP BY f.risk_colour",
            logger: context.logger
        ).decode((String, Int).self).collect()
        let agreements =
            try await connection.query(
                """
                SELECT count(DISTINCT k.child_id), count(DISTINCT a.child_id)
                FROM registry.categories k JOIN registry.files f ON f.child_id = k.child_id
                LEFT JOIN registry.care_agreements a ON a.child_id = k.child_id AND a.starts <= \(today) AND (a.ends IS NULL OR a.ends > \(today))
                WHERE \(residenceIn: range) AND k.ends IS NULL AND k.category = \(ChildCategory.ruralLeftBehind.rawValue)
                """, logger: context.logger
            ).decode((Int, Int).self).first() ?? (0, 0)
        let coverage = try await WorkforceRepository(context: context).coverage(in: district, today: today, connection)
        let surveys = SurveyRepository(context: context)
        var survey: SurveyProgress?
        if let round = try await surveys.current(covering: district, today: today, connection) {
            survey = try await surveys.progress(of: round, in: district, connection)
        }
        return Indicators(
            district: district, asOf: today, children: totals.0,
            byCategory: Dictionary(uniqueKeysWithValues: categories), byColour: Dictionary(uniqueKeysWithValues: colours),
            visitCoverage: totals.0 == 0 ? nil : Double(totals.2) / Double(totals.0), overdueVisits: totals.1,
            agreementSigningRate: agreements.0 == 0 ? nil : Double(agreements.1) / Double(agreements.0),
            exitReviewBacklog: totals.3, pendingRiskConfirmations: totals.4, childDirectorCoverage: coverage.directorCoverage,
            surveyRound: survey)
    }
}

extension PostgresQuery.StringInterpolation {
    /// `f.residence_district BETWEEN low AND high` for a district's subtree, its bounds bound.
    mutating func appendInterpolation(residenceIn range: ClosedRange<Int64>) {
        appendLiteral("f.residence_district BETWEEN ")
        appendInterpolation(range.lowerBound)
        appendLiteral(" AND ")
        appendInterpolation(range.upperBound)
    }
}
