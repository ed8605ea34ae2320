import Contract
import Foundation
import PostgresNIO

/// The SQL of the screening indicators (`ScreeningIndicators.formulas`), on the connection it is given (under the caller's scope).
struct IndicatorRepository: Sendable {
    let context: ProgrammeContext

    /// The indicators of `district`'s subtree for births (and referrals) from `from` to `to`, both days included.
    func indicators(in district: DistrictCode, from: CalendarDate, to: CalendarDate, on connection: PostgresConnection) async throws
        -> ScreeningIndicators
    {
        let range = district.subtree
        let prefix = ChainClock.subjectID(UUID()).dropLast(36)
        let rows = try await connection.query(
            """
            WITH population AS (
                SELECT c.id, c.condition, c.title_zh, c.title_en, n.id AS newborn, n.born_at,
                       n.born_at AT TIME ZONE 'Asia/Shanghai' AS born_local
                FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn
                WHERE n.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                  AND (n.born_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN \(from.description)::date AND \(to.description)::date
            ), facts AS (
                SELECT p.*,
                    (SELECT min(s.occurred_at) FROM health_screening.steps s WHERE s.chain = p.id AND s.link = 'screen') AS screened_at,
                    (SELECT s.state FROM health_screening.steps s WHERE s.chain = p.id AND s.link = 'result'
                     ORDER BY s.position DESC LIMIT 1) AS last_result,
                    EXISTS (SELECT 1 FROM health_screening.steps s WHERE s.chain = p.id AND s.link = 'recall' AND s.state = 'notified')
                        AS recalled,
                    (SELECT min(s.occurred_at) FROM health_screening.steps s
                     WHERE s.chain = p.id AND s.link = 'confirmation' AND s.state IN ('confirmed', 'excluded')) AS verdict_at,
                    EXISTS (SELECT 1 FROM health_screening.steps s WHERE s.chain = p.id AND s.link = 'confirmation' AND s.state = 'confirmed')
                        AS confirmed,
                    (SELECT min(s.occurred_at) FROM health_screening.steps s WHERE s.chain = p.id AND s.link = 'treatment') AS treated_at,
                    (SELECT bool_or(i.state = 'done' AND i.closed_at < i.due_by) FROM core.schedule_items i
                     WHERE i.subject = \(String(prefix)) || p.id::text AND i.schedule = ANY(\(WorklistRepository.schedules))
                       AND i.item IN ('treatment', 'intervention')) AS treated_in_time
                FROM population p
            )
            SELECT GROUPING(condition) = 0, COALESCE(condition, ''), COALESCE(min(title_zh), ''), COALESCE(min(title_en), ''),
                count(*)::int8,
                count(*) FILTER (WHERE screened_at IS NOT NULL)::int8,
                count(*) FILTER (WHERE last_result IN ('positive', 'refer', 'unsatisfactory'))::int8,
                count(*) FILTER (WHERE last_result IN ('positive', 'refer', 'unsatisfactory') AND recalled)::int8,
                count(verdict_at)::int8,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM verdict_at - born_at)::float8 / 86400),
                count(*) FILTER (WHERE confirmed AND treated_in_time IS NOT NULL)::int8,
                count(*) FILTER (WHERE confirmed AND treated_in_time)::int8,
                count(*) FILTER (WHERE screened_at < (born_local + interval '1 month') AT TIME ZONE 'Asia/Shanghai')::int8,
                count(*) FILTER (WHERE last_result IN ('positive', 'refer'))::int8,
                count(*) FILTER (WHERE last_result IN ('positive', 'refer')
                    AND verdict_at < (born_local + interval '3 months') AT TIME ZONE 'Asia/Shanghai')::int8,
                count(*) FILTER (WHERE confirmed)::int8,
                count(*) FILTER (WHERE confirmed AND treated_at < (born_local + interval '6 months') AT TIME ZONE 'Asia/Shanghai')::int8,
                count(DISTINCT newborn)::int8
            FROM facts GROUP BY GROUPING SETS ((condition), ())
            """, logger: context.logger
        ).decode(
            (
                Bool, String, String, String, Int64, Int64, Int64, Int64, Int64, Double?, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                Int64
            ).self
        ).collect()
        typealias Ratio = ScreeningIndicators.Ratio
        var conditions: [String: ScreeningIndicators.ConditionIndicators] = [:]
        var total = (
            recall: Ratio(0, of: 0), confirmation: ScreeningIndicators.Median(chains: 0, medianDays: nil), treatment: Ratio(0, of: 0)
        )
        var births = 0
        var hearing = ScreeningIndicators.Hearing136(
            screenedByOneMonth: Ratio(0, of: 0), diagnosedByThreeMonths: Ratio(0, of: 0), intervenedBySixMonths: Ratio(0, of: 0))
        for row in rows {
            let recall = Ratio(Int(row.7), of: Int(row.6))
            let confirmation = ScreeningIndicators.Median(chains: Int(row.8), medianDays: row.8 == 0 ? nil : row.9)
            let treatment = Ratio(Int(row.11), of: Int(row.10))
            guard row.0 else {
                total = (recall, confirmation, treatment)
                births = Int(row.17)
                continue
            }
            conditions[row.1] = ScreeningIndicators.ConditionIndicators(
                condition: row.1, title: .init(zh: row.2, en: row.3), coverage: Ratio(Int(row.5), of: Int(row.4)), recall: recall,
                timeToConfirmation: confirmation, treatmentWithinTarget: treatment)
            if row.1 == "hearing" {
                hearing = ScreeningIndicators.Hearing136(
                    screenedByOneMonth: Ratio(Int(row.12), of: Int(row.4)), diagnosedByThreeMonths: Ratio(Int(row.14), of: Int(row.13)),
                    intervenedBySixMonths: Ratio(Int(row.16), of: Int(row.15)))
            }
        }
        let national = Condition.national.map { condition in
            conditions.removeValue(forKey: condition.code)
                ?? ScreeningIndicators.ConditionIndicators(
                    condition: condition.code, title: condition.title, coverage: Ratio(0, of: 0), recall: Ratio(0, of: 0),
                    timeToConfirmation: ScreeningIndicators.Median(chains: 0, medianDays: nil), treatmentWithinTarget: Ratio(0, of: 0))
        }
        let referrals = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE state IN ('accepted', 'completed'))::int8, count(*) FILTER (WHERE state <> 'referred')::int8
            FROM health_screening.referrals
            WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND (referred_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN \(from.description)::date AND \(to.description)::date
            """, logger: context.logger
        ).decode((Int64, Int64).self).first()
        return ScreeningIndicators(
            district: district, from: from, to: to, births: births,
            conditions: national + conditions.values.sorted { $0.condition < $1.condition }, recall: total.recall,
            timeToConfirmation: total.confirmation, treatmentWithinTarget: total.treatment, hearing136: hearing,
            referralsAccepted: Ratio(Int(referrals?.0 ?? 0), of: Int(referrals?.1 ?? 0)))
    }
}
