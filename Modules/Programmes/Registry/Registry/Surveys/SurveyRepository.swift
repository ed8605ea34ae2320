import Contract
import Foundation
import Logging
import PostgresNIO

/// Opens survey rounds, records checks and counts progress, on the caller's scoped connection.
struct SurveyRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    func open(
        district: DistrictCode, title: String, opensOn: CalendarDate, closesOn: CalendarDate, by actor: String,
        _ connection: PostgresConnection
    ) async throws -> SurveyRound {
        try await connection.query(
            """
            INSERT INTO registry.survey_rounds (district, title, opens_on, closes_on, opened_by)
            VALUES (\(district.value), \(title), \(opensOn.description)::date, \(closesOn.description)::date, \(actor))
            RETURNING \(unescaped: SurveyRound.columns)
            """, logger: logger
        ).decode(SurveyRound.Row.self).map(SurveyRound.init).single("registry.survey_rounds RETURNING")
    }

    func find(_ id: Int64, _ connection: PostgresConnection) async throws -> SurveyRound? {
        try await connection.query("SELECT \(unescaped: SurveyRound.columns) FROM registry.survey_rounds WHERE id = \(id)", logger: logger)
            .decode(SurveyRound.Row.self).first().map(SurveyRound.init)
    }

    /// Rounds covering any part of the caller's scope, newest first.
    func list(limit: Int, _ connection: PostgresConnection) async throws -> [SurveyRound] {
        try await connection.query(
            """
            SELECT \(unescaped: SurveyRound.columns) FROM registry.survey_rounds ORDER BY opens_on DESC, id DESC LIMIT \(limit)
            """, logger: logger
        ).decode(SurveyRound.Row.self).collect().map(SurveyRound.init)
    }

    /// The latest round covering `district` that has opened by `today`, if any.
    func current(covering district: DistrictCode, today: CalendarDate, _ connection: PostgresConnection) async throws -> SurveyRound? {
        try await connection.query(
            """
            SELECT \(unescaped: SurveyRound.columns) FROM registry.survey_rounds
            WHERE registry.subtree(district) @> \(district.value)::bigint AND opens_on <= \(today.description)::date
            ORDER BY opens_on DESC, id DESC LIMIT 1
            """, logger: logger
        ).decode(SurveyRound.Row.self).first().map(SurveyRound.init)
    }

    /// Records (or corrects) the check of one child; the child must live inside the round's district.
    func record(_ check: SurveyCheck, in round: SurveyRound, on date: CalendarDate, by actor: String, _ connection: PostgresConnection)
        async throws
    {
        guard
            let residence = try await connection.query(
                "SELECT residence_district FROM registry.files WHERE child_id = \(check.child)", logger: logger
            )
            .decode(Int64.self).first()
        else { throw Problem.notFound(FileEndpoints.file) }
        guard round.district.subtree.contains(residence) else {
            throw Problem.invalid(
                "child", "该儿童不在本轮排查范围 (\(round.district)) 内", "the child does not live inside the round's district \(round.district)")
        }
        try await connection.run(
            """
            INSERT INTO registry.survey_checks (round_id, child_id, checked_on, outcome, note, checked_by)
            VALUES (\(round.id), \(check.child), \(date.description)::date, \(check.outcome.rawValue), \(check.note), \(actor))
            ON CONFLICT (round_id, child_id) DO UPDATE SET checked_on = EXCLUDED.checked_on, outcome = EXCLUDED.outcome, note = EXCLUDED.note,
                checked_by = EXCLUDED.checked_by, recorded_at = now()
            """, logger: logger)
    }

    /// Children and checked children in `district`, per district one level down.
    func progress(of round: SurveyRound, in district: DistrictCode, _ connection: PostgresConnection) async throws -> SurveyProgress {
        let range = district.subtree
        let divisor = WorklistRepository.groupDivisor(below: district)
        let parts = try await connection.query(
            """
            SELECT f.residence_district / \(divisor) * \(divisor) AS below, count(*), count(*) FILTER (WHERE \(checkedIn: round))
            FROM registry.files f WHERE f.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
            GROUP BY below ORDER BY below
            """, logger: logger
        ).decode((DistrictCode, Int, Int).self).collect().map {
            SurveyProgress.Part(district: $0.0, children: $0.1, checked: $0.2)
        }
        let children = parts.reduce(0) { $0 + $1.children }
        let checked = parts.reduce(0) { $0 + $1.checked }
        return SurveyProgress(
            round: round, district: district, children: children, checked: checked,
            rate: children == 0 ? nil : Double(checked) / Double(children), byDistrict: parts)
    }

    /// Children in `district` not yet checked in the round, by child id after `after`.
    func unchecked(in round: SurveyRound, district: DistrictCode, after: UUID?, limit: Int, _ connection: PostgresConnection) async throws
        -> [RosterEntry]
    {
        let range = district.subtree
        return try await connection.query(
            """
            SELECT \(unescaped: RosterEntry.columns) FROM registry.files f JOIN core.children c ON c.id = f.child_id
            WHERE f.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound) AND NOT \(checkedIn: round)
              AND (\(after)::uuid IS NULL OR f.child_id > \(after))
            ORDER BY f.child_id LIMIT \(limit)
            """, logger: logger
        ).decode(RosterEntry.Row.self).collect().map(RosterEntry.init)
    }
}

extension PostgresQuery.StringInterpolation {
    /// Whether the file `f` was checked in `round`: a survey check recorded in it, or a home visit during it (bound).
    mutating func appendInterpolation(checkedIn round: SurveyRound) {
        appendLiteral("(EXISTS (SELECT 1 FROM registry.survey_checks s WHERE s.round_id = ")
        appendInterpolation(round.id)
        appendLiteral(
            " AND s.child_id = f.child_id) OR EXISTS (SELECT 1 FROM registry.visits v WHERE v.child_id = f.child_id AND v.visited_on BETWEEN "
        )
        appendInterpolation(round.opensOn)
        appendLiteral(" AND ")
        appendInterpolation(round.closesOn)
        appendLiteral("))")
    }
}
