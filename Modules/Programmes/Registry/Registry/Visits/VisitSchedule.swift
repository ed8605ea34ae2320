import Contract
import Foundation
import Logging
import PostgresNIO
import Schedules

/// The file's visits as items of the core's schedule engine (`core.schedule_items`, schedule `registry.visits`), kept
/// in the caller's transaction: planned when the file is opened, the open occurrence done by a counted visit (the next
/// planned from it), re-planned when the colour changes, cancelled by the child's exit (death, age-out, a transfer to
/// another county) and restored when a death is undone.
///
/// `registry.files.next_visit_due` stays the work lists' projection of the open item: written from the engine's
/// planned item in the same transaction, so its index serves the overdue list, the counts and the worklist benchmark.
///
/// The items are filed under the residence district and carry the household-registration district (户籍地), so the
/// staff of either district who see the file also see and write its items (row-level security).
///
/// A file's cadence runs in the county it lives in: its first run's subject is `registry.file:<child>`; a transfer
/// accepted by another county ends that run (an exit) and begins the receiving county's (`VisitCadence.subjectID`).
/// The current run is the subject of the file's newest visit item.
extension FileRepository {
    var schedules: ScheduleEngine { context.schedules }

    /// The engine's subject (the current run) and the cadence of the residence district's scheme, for the file as
    /// stored; `nil` without a file.
    func visitSchedule(_ child: UUID, colour: RiskColour? = nil, today: CalendarDate, _ connection: PostgresConnection) async throws
        -> (declaration: ScheduleDeclaration, subject: ScheduleSubject)?
    {
        guard
            let (district, hukou, stored, opened, run) = try await connection.query(
                """
                SELECT f.residence_district, f.hukou_district, f.risk_colour, f.opened_at,
                       (SELECT i.subject FROM core.schedule_items i WHERE i.child_id = f.child_id AND i.schedule = \(VisitCadence.schedule)
                        ORDER BY i.id DESC LIMIT 1)
                FROM registry.files f WHERE f.child_id = \(child)
                """, logger: logger
            ).decode((DistrictCode, DistrictCode, String, Date, String?).self).first()
        else { return nil }
        let scheme = try await scheme(for: district, on: today, connection)
        let subject = VisitCadence.subject(
            child: child, run: run, district: district, hukou: hukou, opened: CalendarDate.today(opened),
            colour: colour ?? RiskColour(rawValue: stored) ?? scheme.lowest)
        return (try VisitCadence.declaration(scheme), subject)
    }

    /// Writes the open visit's due day to the projection `registry.files.next_visit_due`; returns it (`nil`: none open).
    @discardableResult
    func projectVisit(_ child: UUID, subject: String, _ connection: PostgresConnection) async throws -> CalendarDate? {
        let items = try await schedules.items(of: subject, in: VisitCadence.schedule, on: connection)
        guard let open = items.last(where: { $0.state == .planned }) else { return nil }
        let due = VisitCadence.day(ofDueBy: open.dueBy)
        try await connection.run(
            "UPDATE registry.files SET next_visit_due = \(due), updated_at = now() WHERE child_id = \(child)", logger: logger)
        return due
    }

    /// Plans the open visit of a file just opened (`opened` its anchor) and writes the projection.
    func planFirstVisit(
        _ child: UUID, district: DistrictCode, hukou: DistrictCode, scheme: RiskScheme, opened: CalendarDate,
        _ connection: PostgresConnection
    ) async throws {
        let subject = VisitCadence.subject(child: child, district: district, hukou: hukou, opened: opened, colour: scheme.lowest)
        try await schedules.sync(VisitCadence.declaration(scheme), subject, on: connection)
        try await projectVisit(child, subject: subject.id, connection)
    }

    /// A counted visit on `visitedOn` at `colour`: the open occurrence done, the next planned from the visit day by the
    /// colour's interval, and the projection written; returns its day (`nil`: nothing open, the child has exited).
    /// Replaying the same visit day changes nothing.
    func completeVisit(_ child: UUID, on visitedOn: CalendarDate, colour: RiskColour, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> CalendarDate?
    {
        guard let (declaration, subject) = try await visitSchedule(child, colour: colour, today: today, connection),
            try await open(subject, connection) != nil
        else { return nil }
        try await schedules.complete(
            VisitCadence.item, of: declaration, for: subject, at: ScheduleTime.midnight(of: visitedOn), on: connection)
        return try await projectVisit(child, subject: subject.id, connection)
    }

    /// The colour is now `colour`, since `day` (a colour change, or an uncounted visit that found it): a shorter wait
    /// re-plans the open visit — a file visited in this run from its last counted visit, a file not yet visited one
    /// new interval from `day` (重新计时) — and the projection follows; a longer wait leaves it due when it was.
    func replanVisit(_ child: UUID, colour: RiskColour, from day: CalendarDate, today: CalendarDate, _ connection: PostgresConnection)
        async throws
    {
        guard let (declaration, subject) = try await visitSchedule(child, colour: colour, today: today, connection),
            let open = try await open(subject, connection)
        else { return }
        let items = try await schedules.items(of: subject.id, in: VisitCadence.schedule, on: connection)
        let due = VisitCadence.day(ofDueBy: open.dueBy)
        if items.contains(where: { $0.state == .done }) {
            let recorded = items.map { RecordedItem(item: $0.item, occurrence: $0.occurrence, state: $0.state, closedAt: $0.closedAt) }
            guard try VisitCadence.due(declaration, subject, recorded) < due else { return }
            try await schedules.sync(declaration, subject, on: connection)
        } else {
            let restart = ScheduleTime.midnight(of: day)
            let restarted = RecordedItem(
                item: VisitCadence.item, occurrence: open.occurrence, state: .planned, closedAt: nil, restartedAt: restart)
            guard try VisitCadence.due(declaration, subject, [restarted]) < due else { return }
            try await schedules.restart(VisitCadence.item, of: declaration, for: subject, at: restart, on: connection)
        }
        try await projectVisit(child, subject: subject.id, connection)
    }

    /// The run's open visit, if any.
    private func open(_ subject: ScheduleSubject, _ connection: PostgresConnection) async throws -> ScheduledItem? {
        try await schedules.items(of: subject.id, in: VisitCadence.schedule, on: connection).last { $0.state == .planned }
    }

    /// 退出: the child leaves the cadence for `reason` (死亡, 年满 18 周岁, 迁出) at `at`; the open visit is cancelled in
    /// this transaction and nothing is planned for the run until the exit is undone. Returns the exit (`nil`: no file,
    /// or the run has already exited).
    @discardableResult
    func exitVisits(_ child: UUID, reason: String, today: CalendarDate, at: Date, _ connection: PostgresConnection) async throws -> UUID? {
        guard let (_, subject) = try await visitSchedule(child, today: today, connection),
            try await activeExit(subject.id, connection) == nil
        else { return nil }
        return try await schedules.exit(
            subject.id, district: subject.district, hukou: subject.hukou, reason: reason, at: at, on: connection)
    }

    /// A death recorded in error undone: the items the death cancelled are open again, and the projection follows.
    func undoDeath(_ child: UUID, today: CalendarDate, at: Date, _ connection: PostgresConnection) async throws {
        guard let (_, subject) = try await visitSchedule(child, today: today, connection),
            let exit = try await activeExit(subject.id, connection), exit.reason == VisitCadence.deathExit
        else { return }
        try await schedules.undoExit(exit.id, at: at, on: connection)
        try await projectVisit(child, subject: subject.id, connection)
    }

    private func activeExit(_ subject: String, _ connection: PostgresConnection) async throws -> (id: UUID, reason: String)? {
        try await connection.query(
            "SELECT id, reason FROM core.schedule_exits WHERE subject = \(subject) AND undone_at IS NULL", logger: logger
        ).decode((UUID, String).self).first()
    }
}
