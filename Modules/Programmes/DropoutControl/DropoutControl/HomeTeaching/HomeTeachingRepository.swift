import Contract
import Foundation
import PostgresNIO

/// 送教上门 plans and their visits, the monthly compliance list, and 一对一结对帮扶 pairings.
struct HomeTeachingRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }
    static let plan = Localized(zh: "送教上门计划", en: "Home-teaching plan")

    struct PlanRequest: Decodable, Sendable {
        let student: StudentReference
        let district: String
        let school: String
        let startsOn: CalendarDate
        let endsOn: CalendarDate?
    }

    struct Visit: Codable, Sendable {
        let visitedOn: CalendarDate
        let teacher: String
        /// 课时
        let lessons: Int
        let content: String?
    }

    /// A plan below its frequency in a month.
    struct Shortfall: Codable, Sendable {
        let plan: UUID
        let child: UUID?
        let name: String
        let school: String
        let district: DistrictCode
        let required: Int
        let made: Int
    }

    struct PairingRequest: Decodable, Sendable {
        let student: StudentReference
        let district: String
        let mentor: String
        /// `teacher` or `volunteer`.
        let mentorKind: String
        let startsOn: CalendarDate
        let focus: String?
    }

    /// Creates the plan with the frequency in force for `district` on its start date (kept on the plan with its source).
    func create(_ request: PlanRequest, student: Student, district: DistrictCode, by actor: String, _ connection: PostgresConnection)
        async throws -> UUID
    {
        let (frequency, source) = try await context.policy.setting(
            of: DropoutPolicy.homeTeaching, in: district, on: request.startsOn, on: connection)
        return try await connection.query(
            """
            INSERT INTO dropout_control.teaching_plans (id_index, child_id, name, district, school, starts, ends, visits, per, frequency_source, recorded_by)
            VALUES (\(student.index), \(student.child), \(student.name), \(district.value), \(request.school), \(request.startsOn.description)::date,
                    \(request.endsOn?.description)::date, \(frequency.visits), \(frequency.per.rawValue), \(source), \(actor))
            RETURNING id
            """, logger: logger
        ).decode(UUID.self).collect()[0]
    }

    func record(_ visit: Visit, plan: UUID, by actor: String, _ connection: PostgresConnection) async throws {
        let found = try await connection.query("SELECT 1 FROM dropout_control.teaching_plans WHERE id = \(plan)", logger: logger).collect()
        guard !found.isEmpty else { throw Problem.notFound(Self.plan) }
        try await connection.run(
            """
            INSERT INTO dropout_control.teaching_visits (plan_id, visited_on, teacher, lessons, content, recorded_by)
            VALUES (\(plan), \(visit.visitedOn.description)::date, \(visit.teacher), \(visit.lessons), \(visit.content), \(actor))
            """, logger: logger)
    }

    /// Plans in force during `month` (its first day) in the subtree whose visits that month are below their frequency.
    func shortfalls(district: DistrictCode, month: CalendarDate, _ connection: PostgresConnection) async throws -> [Shortfall] {
        let range = district.subtree
        let next = month.adding(months: 1)
        let days = month.days(to: next)
        return try await connection.query(
            """
            SELECT p.id, p.child_id, p.name, p.school, p.district, p.visits, p.per,
                   (SELECT count(*)::int FROM dropout_control.teaching_visits v WHERE v.plan_id = p.id
                      AND v.visited_on >= \(month.description)::date AND v.visited_on < \(next.description)::date)
            FROM dropout_control.teaching_plans p
            WHERE p.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND p.starts < \(next.description)::date AND (p.ends IS NULL OR p.ends >= \(month.description)::date)
            ORDER BY p.id
            """, logger: logger
        ).decode((UUID, UUID?, String, String, DistrictCode, Int, String, Int).self).collect().compactMap { row in
            let required = HomeTeachingFrequency(visits: row.5, per: .init(rawValue: row.6) ?? .month).required(inMonthOf: days)
            guard row.7 < required else { return nil }
            return Shortfall(
                plan: row.0, child: row.1, name: row.2, school: row.3, district: row.4, required: required,
                made: row.7)
        }
    }

    /// Plans in force during `month` in the subtree.
    func activePlans(district: DistrictCode, month: CalendarDate, _ connection: PostgresConnection) async throws -> Int {
        let range = district.subtree
        return try await connection.query(
            """
            SELECT count(*)::int FROM dropout_control.teaching_plans
            WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND starts < \(month.adding(months: 1).description)::date AND (ends IS NULL OR ends >= \(month.description)::date)
            """, logger: logger
        ).decode(Int.self).collect()[0]
    }

    func pair(_ request: PairingRequest, student: Student, district: DistrictCode, by actor: String, _ connection: PostgresConnection)
        async throws -> UUID
    {
        guard ["teacher", "volunteer"].contains(request.mentorKind) else {
            throw Problem.invalid("mentorKind", "mentorKind 应为 teacher (教师) 或 volunteer (志愿者)", "mentorKind must be teacher or volunteer")
        }
        guard !request.mentor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem.invalid("mentor", "请填写结对人", "mentor is required")
        }
        return try await connection.query(
            """
            INSERT INTO dropout_control.pairings (id_index, child_id, name, district, mentor, mentor_kind, starts, focus, recorded_by)
            VALUES (\(student.index), \(student.child), \(student.name), \(district.value), \(request.mentor), \(request.mentorKind),
                    \(request.startsOn.description)::date, \(request.focus), \(actor))
            RETURNING id
            """, logger: logger
        ).decode(UUID.self).collect()[0]
    }
}
