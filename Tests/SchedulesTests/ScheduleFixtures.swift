import Foundation
import Schedules
import Vocabulary

/// Declarations shaped like the ones programmes will declare (issue 14): newborn screening counted in hours from the
/// birth datetime, 0–6 check-ups by month of age with their eye checks, a recurring visit by risk colour.
enum Fixtures {
    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { preconditionFailure("fixture instant \(text)") }
        return date
    }

    static func date(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(text) else { preconditionFailure("fixture date \(text)") }
        return date
    }

    /// 新生儿疾病筛查: blood spot from 72 h, by 7 days; hearing rescreen by 42 days, diagnosis by 3 months, intervention by
    /// 6 months (1-3-6); the recall follows a positive result.
    static let screening = try! ScheduleDeclaration(
        id: "core.newborn-screening", version: 1, title: .init(zh: "新生儿筛查", en: "Newborn screening"),
        anchor: ScheduleAnchor(name: "birth", kind: .datetime), readPermission: "core.child.read",
        items: [
            ScheduleItem(
                key: "blood-spot", offset: .hours(72), window: ScheduleWindow(dueFrom: .hours(0), dueBy: .days(7), expires: .days(20)),
                skipWhen: [FactCondition(fact: "consent", in: ["refused"])], group: "blood"),
            ScheduleItem(
                key: "recall", offset: .days(10), window: ScheduleWindow(dueBy: .days(5)), prerequisites: ["blood-spot"], group: "blood"),
            ScheduleItem(
                key: "hearing-rescreen", offset: .days(42),
                window: ScheduleWindow(dueFrom: .days(-14), dueBy: .days(0), expires: .days(30)), group: "hearing"),
            ScheduleItem(
                key: "hearing-diagnosis", offset: .months(3),
                window: ScheduleWindow(dueFrom: .months(-1), dueBy: .days(0), expires: .months(1)), group: "hearing"),
            ScheduleItem(
                key: "hearing-intervention", offset: .months(6),
                window: ScheduleWindow(dueFrom: .months(-1), dueBy: .days(0), expires: .months(1)), required: false,
                group: "hearing")
        ])

    /// 0–6 岁健康管理: check-ups at 1, 3, 6, 8, 12, 18, 24, 30, 36 months and yearly to 6, each with its eye check.
    static let checkups: ScheduleDeclaration = {
        let months = [1, 3, 6, 8, 12, 18, 24, 30, 36, 48, 60, 72]
        let items = months.flatMap { month in
            [
                ScheduleItem(
                    key: "month-\(month)", offset: .months(month),
                    window: ScheduleWindow(dueFrom: .days(-14), dueBy: .months(1), expires: .months(3)),
                    group: "month-\(month)"),
                ScheduleItem(
                    key: "eye-\(month)", offset: .months(month),
                    window: ScheduleWindow(dueFrom: .days(-14), dueBy: .months(1), expires: .months(3)),
                    group: "month-\(month)")
            ]
        }
        return try! ScheduleDeclaration(
            id: "core.checkups", version: 1, title: .init(zh: "0-6岁健康检查", en: "Check-ups 0-6"),
            anchor: ScheduleAnchor(name: "birth", kind: .datetime), readPermission: "core.child.read", items: items)
    }()

    /// A visit every 30 days after the last one, 7 for a red child, counted from a return-home date.
    static let visits = try! ScheduleDeclaration(
        id: "core.return-visits", version: 1, title: .init(zh: "回访", en: "Visits"),
        anchor: ScheduleAnchor(name: "return-home", kind: .date),
        readPermission: "core.child.read",
        items: [
            ScheduleItem(
                key: "visit", offset: .days(7), window: ScheduleWindow(dueBy: .days(0), expires: .days(30)),
                recurrence: ScheduleRecurrence(every: .days(30), by: "colour", intervalBy: ["red": .days(7)], limit: 4))
        ])
}
