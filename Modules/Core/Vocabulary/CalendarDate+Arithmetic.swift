/// Calendar arithmetic on legal dates, without time zones: due dates, follow-up periods, ages.
extension CalendarDate {
    /// The first and last dates the type holds; arithmetic past them stops there instead of failing.
    public static let earliest = CalendarDate(year: 1, month: 1, day: 1)!
    public static let latest = CalendarDate(year: 9999, month: 12, day: 31)!

    /// `months` calendar months later (earlier when negative), on the same day of the month; a day the target month
    /// lacks becomes its last day: 2025-08-31 + 6 months = 2026-02-28, 2024-02-29 + 12 months = 2025-02-28.
    /// Saturates at `earliest` and `latest` (9999-12-31 + 1 month is 9999-12-31).
    public func adding(months: Int) -> CalendarDate {
        let (index, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        if overflow { return months < 0 ? .earliest : .latest }
        if index < 12 { return .earliest }
        if index >= 10_000 * 12 { return .latest }
        let (y, m) = (index / 12, index % 12 + 1)
        return (0...3).lazy.compactMap { CalendarDate(year: y, month: m, day: self.day - $0) }.first ?? .latest
    }

    /// `days` days later (earlier when negative); saturates at `earliest` and `latest`.
    public func adding(days: Int) -> CalendarDate {
        let (sum, overflow) = dayNumber.addingReportingOverflow(days)
        return CalendarDate(dayNumber: overflow ? (days < 0 ? Int.min : Int.max) : sum)
    }

    /// Days from `self` to `other`: 1 for tomorrow, negative when `other` is earlier.
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// Days since 1970-01-01 on the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01, clamped to years 1–9999.
    public init(dayNumber: Int) {
        let z = min(max(dayNumber, Self.earliest.dayNumber), Self.latest.dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * mp + 2) / 5 + 1)!
    }
}
