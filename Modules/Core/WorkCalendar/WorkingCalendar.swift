import Foundation
import Vocabulary

/// 工作日历 — which days are worked in China, for the years whose State Council notice (国务院办公厅关于 YYYY 年部分节假日
/// 安排的通知) is loaded, with a district's own days laid over the nation's where a locality adds some. Days outside the
/// loaded years are refused with `CalendarYearNotLoaded` rather than guessed.
///
/// Deadlines follow 民法典 第二百零一条 and 第二百零三条: a period counted in days starts on the day after its start (the
/// start day itself is not counted); a period counted in hours starts at the instant given; when the last day of a
/// period is a statutory rest day (法定休假日: a holiday or a weekend not made a working day) the period ends on the first
/// working day after it; the last day ends at 24:00 (Asia/Shanghai).
public struct WorkingCalendar: Hashable, Sendable {
    /// The years loaded, each with the document it comes from.
    public let years: [Int: String]
    let days: [CalendarDate: CalendarDay]

    /// `days` in order of precedence: a later day for the same date replaces an earlier one (the nation's first, then
    /// the province's, down to the district's own).
    public init(years: [Int: String], days: [CalendarDay]) {
        self.years = years
        self.days = days.reduce(into: [:]) { $0[$1.date] = $1 }
    }

    /// The day a notice lists for `date`, if any.
    public func listed(_ date: CalendarDate) -> CalendarDay? { days[date] }

    /// Whether `date` is worked: a listed day as listed, otherwise Monday to Friday. Throws `CalendarYearNotLoaded`.
    public func isWorkingDay(_ date: CalendarDate) throws -> Bool {
        guard years[date.year] != nil else { throw CalendarYearNotLoaded(year: date.year) }
        if let day = days[date] { return day.kind == .workday }
        return !date.isWeekend
    }

    /// The last day of a period of `rule` starting on `start` (the start day not counted). `.workingDays(n)` is the n-th
    /// working day after `start` (`start` itself for 0); `.calendarDays(n)` is `start` + n days, moved to the next
    /// working day when that is a rest day. `.hours` needs an instant (`deadline(from: Date, rule:)`) and is refused here.
    /// Throws `CalendarYearNotLoaded` for the first day it needs of a year not loaded.
    public func deadline(from start: CalendarDate, rule: Deadline) throws -> CalendarDate {
        try Self.refuseNegative(rule)
        switch rule {
        case .calendarDays(let n):
            return try firstWorkingDay(onOrAfter: start.adding(days: n))
        case .workingDays(let n):
            var day = start
            var counted = 0
            while counted < n {
                day = day.adding(days: 1)
                if try isWorkingDay(day) { counted += 1 }
            }
            return day
        case .hours:
            throw Problem.invalid(
                "deadline", "以小时计的期限须从一个时刻起算, 而不是从日期起算", "a deadline in hours is counted from an instant, not from a date")
        }
    }

    /// The instant a period of `rule` starting at `start` ends. `.hours(n)` is `start` + n hours (China keeps no daylight
    /// saving, so every hour is 3,600 s); a period in days starts on the day `start` falls on in Asia/Shanghai and ends
    /// at 24:00 there of its last day (`deadline(from: CalendarDate, rule:)`).
    public func deadline(from start: Date, rule: Deadline) throws -> Date {
        guard case .hours(let n) = rule else {
            let last = try deadline(from: CalendarDate.today(start), rule: rule)
            return Date(timeIntervalSince1970: TimeInterval(last.adding(days: 1).dayNumber) * 86_400 - Self.shanghaiOffset)
        }
        try Self.refuseNegative(rule)
        return start.addingTimeInterval(TimeInterval(n) * 3_600)
    }

    /// `date` if it is worked, else the first working day after it.
    public func firstWorkingDay(onOrAfter date: CalendarDate) throws -> CalendarDate {
        var day = date
        while try !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    private static func refuseNegative(_ rule: Deadline) throws {
        guard rule.count >= 0 else {
            throw Problem.invalid("deadline", "期限不能为负数 (\(rule))", "a deadline cannot be negative (\(rule.count))")
        }
    }

    /// Asia/Shanghai is UTC+8 all year.
    static let shanghaiOffset: TimeInterval = 8 * 3_600
}

extension CalendarDate {
    /// Saturday or Sunday: counted from 1970-01-01 (day 0, a Thursday), Saturday is 2 and Sunday 3 modulo 7.
    var isWeekend: Bool {
        let weekday = (dayNumber % 7 + 7) % 7
        return weekday == 2 || weekday == 3
    }
}
