import Contract
import Foundation
import PostgresNIO
import Schedules

/// The cadence's exits that are not a death: a transfer accepted by another county, and the 18th birthday.
extension FileRepository {
    /// 跨县转移: another county accepted the file. The sending county's run exits (its open visit cancelled) and the
    /// receiving county's begins, in this transaction: its first visit due one interval of the child's colour from
    /// `today` under the receiving district's scheme. A file whose run has already exited (death, age-out) begins none.
    func beginCountyRun(
        _ child: UUID, transfer: Int64, to district: DistrictCode, today: CalendarDate, at: Date, _ connection: PostgresConnection
    )
        async throws
    {
        guard try await exitVisits(child, reason: VisitCadence.transferExit(to: district), today: today, at: at, connection) != nil,
            try await connection.query("SELECT NOT deceased FROM registry.files WHERE child_id = \(child)", logger: logger)
                .decode(Bool.self).first() == true,
            let (declaration, current) = try await visitSchedule(child, today: today, connection)
        else { return }
        let subject = VisitCadence.subject(
            child: child, run: VisitCadence.subjectID(child, transfer: transfer), district: current.district, hukou: current.hukou,
            opened: today, colour: RiskColour(rawValue: current.facts[VisitCadence.colourFact] ?? "") ?? .green)
        try await schedules.sync(declaration, subject, on: connection)
        try await schedules.restart(VisitCadence.item, of: declaration, for: subject, at: ScheduleTime.midnight(of: today), on: connection)
        try await projectVisit(child, subject: subject.id, connection)
    }

    /// 年满 18 周岁: the cadence of every file whose child is 18 on `today` and still has an open visit exits at the
    /// 18th birthday. Returns how many exited.
    func exitAgedOut(today: CalendarDate, _ connection: PostgresConnection) async throws -> Int {
        let adults = try await connection.query(
            """
            SELECT f.child_id, f.birth_date FROM registry.files f
            WHERE f.birth_date <= \(Self.yearsBefore(today, 18).description)::date
              AND EXISTS (SELECT 1 FROM core.schedule_items i
                          WHERE i.child_id = f.child_id AND i.schedule = \(VisitCadence.schedule) AND i.state = 'planned')
            ORDER BY f.child_id
            """, logger: logger
        ).decode((UUID, CalendarDate).self).collect()
        var exited = 0
        for (child, birth) in adults {
            let birthday = ScheduleTime.midnight(of: birth.adding(months: 12 * 18))
            if try await exitVisits(child, reason: VisitCadence.ageOutExit, today: today, at: birthday, connection) != nil { exited += 1 }
        }
        return exited
    }
}
