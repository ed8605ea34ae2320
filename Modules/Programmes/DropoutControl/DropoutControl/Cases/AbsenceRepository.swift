import Contract
import Foundation
import PostgresNIO

/// 缺勤报告 — the absence reports schools send, in `dropout_control.absences`, each with the threshold it was judged by.
struct AbsenceRepository: Sendable {
    let context: ProgrammeContext

    /// Records `report` of `student` at `school` (in `district`), judged against `threshold` from `source`; returns its id.
    func record(
        _ report: AbsenceEndpoints.Report, term: Term, student: Student, school: String, district: DistrictCode,
        threshold: Int, source: String, suspected: Bool, by actor: String, _ connection: PostgresConnection
    ) async throws -> Int64 {
        try await connection.query(
            """
            INSERT INTO dropout_control.absences (term, id_index, child_id, name, school, school_district, consecutive_days, last_attended,
                threshold, threshold_source, suspected, note, reported_by)
            VALUES (\(term.description), \(student.index), \(student.child), \(student.name), \(school), \(district.value), \(report.consecutiveDays),
                    \(report.lastAttended.description)::date, \(threshold), \(source), \(suspected), \(report.note), \(actor))
            RETURNING id
            """, logger: context.logger
        ).decode(Int64.self).single("dropout_control.absences RETURNING id")
    }
}
