import Contract
import Foundation
import Schedules

/// 走访周期 — the registry's visit cadence as a schedule (日程) of the core's engine: one recurring item `visit`, the
/// first due one interval of the lowest colour after the file is opened, each next one the colour's interval after the
/// last counted visit (the risk scheme's `visitIntervalDays`, policy `registry.risk-scheme`; a colour the scheme lacks
/// gets its shortest). Due dates come from the engine's planner, and the work-list tests read them.
enum VisitCadence {
    static let schedule = "registry.visits"
    static let item = "visit"
    /// The subject's fact the recurrence's interval is chosen by.
    static let colourFact = "colour"

    /// The cadence of `scheme` as data: whole days, due by the end of the due day (overdue from the next).
    static func declaration(_ scheme: RiskScheme) throws -> ScheduleDeclaration {
        let intervals = Dictionary(
            scheme.levels.map { ($0.colour.rawValue, ScheduleOffset.days($0.visitIntervalDays)) }, uniquingKeysWith: { first, _ in first })
        return try ScheduleDeclaration(
            id: schedule, version: 1, title: .init(zh: "走访周期", en: "Visit cadence"), anchor: .init(name: "file-opened", kind: .date),
            readPermission: RegistryPermissions.childRead.name,
            items: [
                ScheduleItem(
                    key: item, title: .init(zh: "走访", en: "Visit"), offset: .days(scheme.visitIntervalDays(for: scheme.lowest)),
                    window: .init(dueBy: .days(0)),
                    recurrence: .init(every: .days(shortest(scheme)), by: colourFact, intervalBy: intervals))
            ])
    }

    /// The shortest interval of the scheme, so a child whose colour the scheme lacks waits no longer than any other.
    private static func shortest(_ scheme: RiskScheme) -> Int {
        scheme.levels.map(\.visitIntervalDays).min() ?? RiskScheme.monthlyFloorDays
    }

    /// The engine's subject id of a child's registry file (its exit is the file's, not the child's in other programmes):
    /// the first run's, or the run begun when another county accepted `transfer`.
    static func subjectID(_ child: UUID, transfer: Int64? = nil) -> String {
        "registry.file:\(child.uuidString.lowercased())" + (transfer.map { "#transfer-\($0)" } ?? "")
    }

    /// The engine's subject for a child's file (`run`: its current run's id, the first run by default), filed under its
    /// residence district with its household-registration district, anchored on the day it was opened.
    static func subject(
        child: UUID, run: String? = nil, district: DistrictCode, hukou: DistrictCode? = nil, opened: CalendarDate, colour: RiskColour
    ) -> ScheduleSubject {
        ScheduleSubject(
            id: run ?? subjectID(child), district: district, hukou: hukou, child: child, anchor: .date(opened),
            facts: [colourFact: colour.rawValue])
    }

    /// The reasons of the cadence's exits (退出) as the engine records them.
    static let deathExit = "死亡 (deceased)"
    static let ageOutExit = "年满 18 周岁 (aged out)"
    static func transferExit(to district: DistrictCode) -> String { "迁出至 \(district) (transferred to another county)" }

    /// The next visit due after a counted visit on `visitedOn` at `colour`, as the planner plans it.
    static func nextDue(after visitedOn: CalendarDate, colour: RiskColour, scheme: RiskScheme, in district: DistrictCode) throws
        -> CalendarDate
    {
        let visited = RecordedItem(item: item, occurrence: 1, state: .done, closedAt: ScheduleTime.midnight(of: visitedOn))
        let subject = ScheduleSubject(id: schedule, district: district, anchor: .date(visitedOn), facts: [colourFact: colour.rawValue])
        return try due(declaration(scheme), subject, [visited])
    }

    /// The first visit due for a file opened on `opened`.
    static func firstDue(opened: CalendarDate, scheme: RiskScheme, in district: DistrictCode) throws -> CalendarDate {
        let subject = ScheduleSubject(id: schedule, district: district, anchor: .date(opened), facts: [colourFact: scheme.lowest.rawValue])
        return try due(declaration(scheme), subject, [])
    }

    /// The due day of the open occurrence the planner wants after `recorded`.
    static func due(_ declaration: ScheduleDeclaration, _ subject: ScheduleSubject, _ recorded: [RecordedItem]) throws -> CalendarDate {
        guard let planned = SchedulePlanner.plan(declaration, for: subject, recorded: recorded).first(where: { $0.item == item }) else {
            throw MissingRow(what: "\(schedule): no open visit planned")
        }
        return day(ofDueBy: planned.dueBy)
    }

    /// The day an item due by `dueBy` (the midnight in China after its last day) is due.
    static func day(ofDueBy dueBy: Date) -> CalendarDate { CalendarDate.today(dueBy).adding(days: -1) }

    /// Overdue from the day after the due date; a visit on the due date is on time.
    static func isOverdue(nextDue: CalendarDate, today: CalendarDate) -> Bool { today > nextDue }

    /// Due today or within the next `window` days, and not yet overdue.
    static func isDueSoon(nextDue: CalendarDate, today: CalendarDate, window: Int) -> Bool {
        (0...max(window, 0)).contains(today.days(to: nextDue))
    }
}
