import Contract
import Foundation
import Logging
import PostgresNIO
import Schedules

/// The file's visits as items of the core's schedule engine (`core.schedule_items`, schedule `registry.visits`), kept
/// in the caller's transaction: planned when the file is opened, the open occurrence done by a counted visit (the next
/// planned from it), cancelled by the child's death and restored when the death is undone.
///
/// `registry.files.next_visit_due` stays the work lists' projection of the open item: written from the engine's
/// planned item in the same transaction, so its index serves the overdue list, the counts and the worklist benchmark.
///
/// The items are filed under the residence district, and row-level security lets a transaction touch only its scope's
/// items; a file is also the household-registration district's. A write by staff whose scope lacks the residence
/// (the 户籍地 side) leaves the items as they are and moves the projection by the same planner's arithmetic.
extension FileRepository {
    var schedules: ScheduleEngine { ScheduleEngine(logger: logger) }

    /// Of `districts`, those whose engine items this transaction may write: in its scope, or all for a role row-level
    /// security does not bind (the owner, in migrations and tests).
    static func writableItems(of districts: [Int64], _ connection: PostgresConnection, logger: Logger) async throws -> Set<Int64> {
        Set(
            try await connection.query(
                """
                SELECT d FROM unnest(\(districts)::int8[]) AS d
                WHERE d <@ core.scope() OR (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user)
                   OR current_user = (SELECT tableowner FROM pg_tables WHERE schemaname = 'core' AND tablename = 'schedule_items')
                """, logger: logger
            ).decode(Int64.self).collect())
    }

    func holdsItems(of district: DistrictCode, _ connection: PostgresConnection) async throws -> Bool {
        try await Self.writableItems(of: [district.value], connection, logger: logger).contains(district.value)
    }

    /// The engine's subject and the cadence of the residence district's scheme, for the file as stored; `nil` without
    /// a file or when this transaction may not write its items.
    func visitSchedule(_ child: UUID, colour: RiskColour? = nil, today: CalendarDate, _ connection: PostgresConnection) async throws
        -> (declaration: ScheduleDeclaration, subject: ScheduleSubject)?
    {
        guard
            let (district, stored, opened) = try await connection.query(
                "SELECT residence_district, risk_colour, opened_at FROM registry.files WHERE child_id = \(child)", logger: logger
            ).decode((DistrictCode, String, Date).self).first(),
            try await holdsItems(of: district, connection)
        else { return nil }
        let scheme = try await scheme(for: district, on: today, connection)
        let subject = VisitCadence.subject(
            child: child, district: district, opened: CalendarDate.today(opened),
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
    func planFirstVisit(_ child: UUID, district: DistrictCode, scheme: RiskScheme, opened: CalendarDate, _ connection: PostgresConnection)
        async throws
    {
        guard try await holdsItems(of: district, connection) else { return }
        let subject = VisitCadence.subject(child: child, district: district, opened: opened, colour: scheme.lowest)
        try await schedules.sync(VisitCadence.declaration(scheme), subject, on: connection)
        try await projectVisit(child, subject: subject.id, connection)
    }

    /// A counted visit on `visitedOn` at `colour`: the open occurrence done, the next planned from the visit day by the
    /// colour's interval, and the projection written; returns its day (`nil`: the items are not this transaction's).
    /// Replaying the same visit day changes nothing.
    func completeVisit(_ child: UUID, on visitedOn: CalendarDate, colour: RiskColour, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> CalendarDate?
    {
        guard let (declaration, subject) = try await visitSchedule(child, colour: colour, today: today, connection) else { return nil }
        try await schedules.complete(
            VisitCadence.item, of: declaration, for: subject, at: ScheduleTime.midnight(of: visitedOn), on: connection)
        return try await projectVisit(child, subject: subject.id, connection)
    }

    /// A colour that shortens the wait re-plans the open visit of a visited file from its last visit (what the
    /// projection's `LEAST` gives); a longer one leaves it due when it was.
    func replanVisit(_ child: UUID, colour: RiskColour, today: CalendarDate, _ connection: PostgresConnection) async throws {
        guard let (declaration, subject) = try await visitSchedule(child, colour: colour, today: today, connection) else { return }
        let items = try await schedules.items(of: subject.id, in: VisitCadence.schedule, on: connection)
        guard items.contains(where: { $0.state == .done }), let open = items.last(where: { $0.state == .planned }) else { return }
        let recorded = items.map { RecordedItem(item: $0.item, occurrence: $0.occurrence, state: $0.state, closedAt: $0.closedAt) }
        let wanted = try VisitCadence.due(declaration, subject, recorded)
        guard wanted < VisitCadence.day(ofDueBy: open.dueBy) else { return }
        try await schedules.sync(declaration, subject, on: connection)
    }

    /// 死亡 recorded: the open visit is cancelled in this transaction (the file stays, with nothing due).
    func exitOnDeath(_ child: UUID, today: CalendarDate, at: Date, _ connection: PostgresConnection) async throws {
        guard let (_, subject) = try await visitSchedule(child, today: today, connection) else { return }
        _ = try await schedules.exit(subject.id, district: subject.district, reason: "死亡 (deceased)", at: at, on: connection)
    }

    /// A death recorded in error undone: the items the death cancelled are open again, and the projection follows.
    func undoDeath(_ child: UUID, today: CalendarDate, at: Date, _ connection: PostgresConnection) async throws {
        guard let (_, subject) = try await visitSchedule(child, today: today, connection) else { return }
        let exit = try await connection.query(
            "SELECT id FROM core.schedule_exits WHERE subject = \(subject.id) AND undone_at IS NULL", logger: logger
        ).decode(UUID.self).first()
        guard let exit else { return }
        try await schedules.undoExit(exit, at: at, on: connection)
        try await projectVisit(child, subject: subject.id, connection)
    }
}
