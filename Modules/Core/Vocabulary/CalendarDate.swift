import Foundation

/// A legal date (birth, agreement start, effective date): a day on the calendar, no time, no zone.
/// A PostgreSQL `date` binds and decodes as it directly (`CalendarDate+Postgres` in Database); JSON carries `yyyy-MM-dd`.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A real date on the Gregorian calendar, or `nil` (`2023-02-29` is `nil`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.days(in: month, of: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd` (ASCII digits only), byte by byte: rosters and imports parse a date per row.
    public init?(_ text: some StringProtocol) {
        var fields = (0, 0, 0)
        var field = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard digits == (field == 0 ? 4 : 2), field < 2 else { return nil }
                field += 1
                digits = 0
                continue
            }
            // A field longer than its width is refused before it is accumulated: a 20-digit year must not overflow.
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < (field == 0 ? 4 : 2) else { return nil }
            let value = Int(byte &- UInt8(ascii: "0"))
            switch field {
            case 0: fields.0 = fields.0 * 10 + value
            case 1: fields.1 = fields.1 * 10 + value
            default: fields.2 = fields.2 * 10 + value
            }
            digits += 1
        }
        guard field == 2, digits == 2 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// The day `instant` falls on in China (Asia/Shanghai, UTC+8 without daylight saving since 1991), where every
    /// deadline is counted. The platform asks its `WallClock` for today; this is the clock's arithmetic.
    public static func today(_ instant: Date) -> CalendarDate {
        CalendarDate(dayNumber: Int(((instant.timeIntervalSince1970 + 8 * 3_600) / 86_400).rounded(.down)))
    }

    /// Whole years from `self` to `date` (周岁): the birthday itself counts as the new year of age.
    public func age(on date: CalendarDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// `yyyy-MM-dd`, without Foundation's formatter (bulk imports format millions of dates).
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected yyyy-MM-dd"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
