import Contract
import Foundation
import Schedules

/// 个案时限 — a verified dropout case's clock as a schedule (日程) of the core's engine, `dropout-control.case-clock`,
/// counted from the day the case was verified (核实) by the persuasion rule (`dropout-control.persuasion`,
/// ``PersuasionRule``). The rule counts **calendar days** since verification (临沧's "15 日内报告"), not working days,
/// and failed attempts; no source for it counts working days, so the engine's day offsets are the rule's days.
///
/// - `persuasion` (劝返): open from verification while persuasion may go on, due by the day before the written report
///   falls due by days. Done on the day persuasion is exhausted (the rule's count of failed attempts reached,
///   ``exhaustedOn(_:failedOn:verifiedOn:)``); skipped when the written report is recorded first.
/// - `written-report` (书面报告): due on verification + `days`, overdue from the next day. Done by the recorded report;
///   skipped when persuasion is exhausted first (the next item then holds the deadline).
/// - `written-report-after-attempts`: planned once persuasion is done (its prerequisite), due at once, overdue after
///   the same last day as `written-report`. Done by the recorded report.
///
/// `DropoutCase.reportDue` comes from the same planner, so the API's answer and the stored items agree.
enum CaseClock {
    static let schedule = "dropout-control.case-clock"
    static let persuasion = "persuasion"
    static let byDays = "written-report"
    static let afterAttempts = "written-report-after-attempts"
    /// Why `written-report` is skipped when persuasion is exhausted (migration 7 writes the same words).
    static let exhaustedReason = "劝返未成功已达规定次数, 书面报告即时到期 (persuasion exhausted)"
    /// Why `persuasion` is skipped when the written report is recorded while persuasion was still open.
    static let reportedReason = "已书面报告 (written report recorded)"

    /// The clock of `rule` as data. Days and attempts below zero count as zero.
    static func declaration(_ rule: PersuasionRule) throws -> ScheduleDeclaration {
        let days = max(rule.days, 0)
        return try ScheduleDeclaration(
            id: schedule, version: 1, title: .init(zh: "控辍保学个案时限", en: "Dropout case clock"),
            anchor: .init(name: "verification", kind: .date), readPermission: DropoutPermissions.caseRead.name,
            items: [
                ScheduleItem(
                    key: persuasion, title: .init(zh: "劝返复学", en: "Persuasion back to school"), offset: .days(0),
                    window: .init(dueBy: .days(max(days - 1, 0)))),
                ScheduleItem(
                    key: byDays, title: .init(zh: "书面报告 (核实满期)", en: "Written report (days since verification)"),
                    offset: .days(days), window: .init(dueBy: .days(0))),
                ScheduleItem(
                    key: afterAttempts, title: .init(zh: "书面报告 (劝返未果)", en: "Written report (failed persuasion)"), offset: .days(0),
                    window: .init(dueBy: .days(days)), prerequisites: [persuasion])
            ])
    }

    /// The engine's subject id of a case (its exit is the case's, not the child's in other programmes).
    static func subjectID(_ id: UUID) -> String { "dropout-control.case:\(id.uuidString.lowercased())" }

    /// The engine's subject of a verified case: filed under its responsible district, anchored on the verification day.
    static func subject(case id: UUID, district: DistrictCode, child: UUID?, verifiedOn: CalendarDate) -> ScheduleSubject {
        ScheduleSubject(id: subjectID(id), district: district, child: child, anchor: .date(verifiedOn))
    }

    /// Whether `failed` failed attempts exhaust persuasion under `rule`.
    static func exhausted(_ rule: PersuasionRule, failed: Int) -> Bool { failed >= rule.failedAttempts }

    /// The day persuasion was exhausted: the latest day of the first failed attempts recorded up to the rule's count
    /// (`days` in the order recorded, so an attempt entered later, even back-dated, does not move it), the verification
    /// day when the rule asks for none; `nil` while persuasion may go on.
    static func exhaustedOn(_ rule: PersuasionRule, failedOn days: [CalendarDate], verifiedOn: CalendarDate) -> CalendarDate? {
        guard exhausted(rule, failed: days.count) else { return nil }
        return days.prefix(max(rule.failedAttempts, 0)).max() ?? verifiedOn
    }

    /// Why the written report is due on `today` for a case under persuasion with `failed` failed attempts, or `nil`
    /// while persuasion may go on: the report item the planner plans, once its window has opened.
    static func reportDue(_ rule: PersuasionRule, for subject: ScheduleSubject, failed: Int, today: CalendarDate) throws -> String? {
        let recorded =
            exhausted(rule, failed: failed)
            ? [
                RecordedItem(item: persuasion, occurrence: 1, state: .done, closedAt: ScheduleTime.midnight(of: today)),
                RecordedItem(item: byDays, occurrence: 1, state: .skipped, closedAt: ScheduleTime.midnight(of: today))
            ] : []
        let opened = SchedulePlanner.plan(try declaration(rule), for: subject, recorded: recorded).first {
            $0.item != persuasion && $0.state == .planned && $0.dueFrom <= ScheduleTime.midnight(of: today)
        }
        switch opened?.item {
        case afterAttempts?: return "劝返 \(failed) 次未成功 (规定 \(rule.failedAttempts) 次)"
        case byDays?: return "核实辍学已满 \(rule.days) 天仍未复学"
        default: return nil
        }
    }
}
