import Contract
import Foundation
import PostgresNIO

/// Reads the 常态化报告指标 (`Indicators`) of a district subtree from the ledgers, cases, home-teaching plans and pairings.
struct IndicatorRepository: Sendable {
    let context: ProgrammeContext

    /// The indicators of `district`'s subtree for `term` as of `today`; home teaching for `month`.
    func read(district: DistrictCode, term: Term, openDays: Int, month: CalendarDate, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> Indicators
    {
        let logger = context.logger
        let range = district.subtree
        let comparisons = ComparisonRepository(context: context)
        let comparison = try await comparisons.latest(covering: district, term: term, connection)
        var outOfSchool = 0
        if let comparison {
            outOfSchool = try await connection.query(
                """
                SELECT count(*)::int FROM dropout_control.out_of_school
                WHERE comparison = \(comparison) AND residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                """, logger: logger
            ).decode(Int.self).collect()[0]
        }
        let (suspected, dropouts) = try await comparisons.caseCounts(district: district, term: term, connection)
        let row = try await connection.query(
            """
            WITH k AS (
                SELECT * FROM dropout_control.cases
                WHERE term = \(term.description)
                  AND (district BETWEEN \(range.lowerBound) AND \(range.upperBound) OR residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
            )
            SELECT count(*) FILTER (WHERE state NOT IN ('returned', 'closed') AND opened_on < \(today.adding(days: -openDays).description)::date)::int,
                   (SELECT count(*)::int FROM dropout_control.attempts a WHERE a.case_id IN (SELECT id FROM k)),
                   count(*) FILTER (WHERE verified_on IS NOT NULL)::int,
                   count(*) FILTER (WHERE returned_on IS NOT NULL)::int,
                   (SELECT count(*)::int FROM dropout_control.reports r WHERE r.case_id IN (SELECT id FROM k)),
                   (SELECT count(*)::int FROM dropout_control.legal_measures m WHERE m.case_id IN (SELECT id FROM k))
            FROM k
            """, logger: logger
        ).decode((Int, Int, Int, Int, Int, Int).self).collect()[0]
        let teaching = HomeTeachingRepository(context: context)
        let plans = try await teaching.activePlans(district: district, month: month, connection)
        let below = try await teaching.shortfalls(district: district, month: month, connection).count
        let pairings = try await connection.query(
            """
            SELECT count(*)::int FROM dropout_control.pairings WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound) AND ends IS NULL
            """, logger: logger
        ).decode(Int.self).collect()[0]
        return Indicators(
            district: district, term: term.description, comparison: comparison,
            ledgers: .init(outOfSchool: outOfSchool, suspected: suspected, dropout: dropouts),
            casesOpenLongerThan: .init(days: openDays, count: row.0), attempts: row.1, verifiedCases: row.2, returned: row.3,
            returnRate: row.2 == 0 ? nil : Double(row.3) / Double(row.2), writtenReports: row.4, legalMeasures: row.5,
            homeTeaching: .init(
                month: String(month.description.prefix(7)), plans: plans, belowFrequency: below,
                compliance: plans == 0 ? nil : Double(plans - below) / Double(plans)),
            pairings: pairings, atZero: comparison == nil ? nil : dropouts == 0)
    }
}
