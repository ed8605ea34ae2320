/// Calendar arithmetic on legal dates, without time zones: due dates, follow-up periods, ages.
extension CalendarDate {
    /// `months` calendar months later (earlier when negative), on the same day of the month; a day the target month
    /// lacks becomes its last day: 2025-08-31 + 6 months = 2026-02-28, 2024-02-29 + 12 months = 2025-02-28.
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let (y, m) = (index / 12, index % 12 + 1)
        return (0...3).lazy.compactMap { CalendarDate(year: y, month: m, day: self.day - $0) }.first!
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

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

    /// The date `dayNumber` days after 1970-01-01; must fall in years 1–9999.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * mp + 2) / 5 + 1)!
    }
}
