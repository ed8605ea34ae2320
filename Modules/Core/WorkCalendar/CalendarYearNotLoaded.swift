import Vocabulary

/// A deadline or a day asked about falls in a year whose notice has not been loaded: the calendar cannot tell whether
/// that year's days are worked. `tonghu calendar import` loads it (docs/working-days.md).
public struct CalendarYearNotLoaded: ProblemConvertible, Equatable, Sendable {
    public let year: Int

    public init(year: Int) {
        self.year = year
    }

    public var problem: Problem {
        Problem(
            kind: "calendar-year-not-loaded", status: 422, title: .init(zh: "工作日历未载入", en: "Working-day calendar not loaded"),
            detail: .init(
                zh: "\(year) 年的节假日安排尚未导入, 无法计算期限 (管理员用 tonghu calendar import 导入该年通知)",
                en: "the holiday arrangements of \(year) are not loaded, so the deadline cannot be computed (tonghu calendar import)"),
            extensions: ["year": String(year)])
    }
}
