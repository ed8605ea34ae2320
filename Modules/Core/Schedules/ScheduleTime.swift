import Foundation
import Vocabulary

/// A point a schedule counts from or to: an instant (a birth datetime, a sample taken) or a legal date (admission,
/// return home, a check passed). Pure arithmetic, in China's time (Asia/Shanghai, UTC+8 without daylight saving since
/// 1991, as `CalendarDate.today(_:)` counts).
public enum ScheduleTime: Hashable, Sendable, Comparable {
    case instant(Date)
    case date(CalendarDate)

    /// `self` moved by `offset`. Hours move the instant (a date counts from its midnight in China); days, weeks and
    /// months move the date (an instant's date in China), months clamping to the month's end: 31 Mar + 9 months =
    /// 31 Dec, 31 Jan + 1 month = 28 or 29 Feb.
    public func adding(_ offset: ScheduleOffset) -> ScheduleTime {
        switch offset {
        case let .hours(n): .instant(start.addingTimeInterval(TimeInterval(n) * 3_600))
        case let .days(n): .date(day.adding(days: n))
        case let .weeks(n): .date(day.adding(days: 7 * n))
        case let .months(n): .date(day.adding(months: n))
        }
    }

    /// The day in China.
    public var day: CalendarDate {
        switch self {
        case let .instant(instant): CalendarDate.today(instant)
        case let .date(date): date
        }
    }

    /// The first instant `self` covers: the instant itself, or a date's midnight in China.
    public var start: Date {
        switch self {
        case let .instant(instant): instant
        case let .date(date): Self.midnight(of: date)
        }
    }

    /// The instant `self` is over: the instant itself, or the next midnight in China after a date (a date "due by"
    /// 31 Dec is overdue from 1 Jan 00:00).
    public var end: Date {
        switch self {
        case let .instant(instant): instant
        case let .date(date): Self.midnight(of: date.adding(days: 1))
        }
    }

    /// Midnight of `date` in China, as an instant.
    public static func midnight(of date: CalendarDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400 - 8 * 3_600)
    }

    public static func < (a: ScheduleTime, b: ScheduleTime) -> Bool { (a.start, a.end) < (b.start, b.end) }
}
