import Foundation
import Testing
import Vocabulary

@testable import Registry

@Suite("日历: 按月和按日推算")
struct DomainCalendarTests {
    typealias F = DomainFixture

    @Test(
        "adding calendar months keeps the day, clamped to the month's end",
        arguments: [
            ("2025-08-31", 6, "2026-02-28"), ("2024-02-29", 12, "2025-02-28"), ("2025-01-31", 1, "2025-02-28"),
            ("2024-01-31", 1, "2024-02-29"), ("2025-03-31", -1, "2025-02-28"), ("2025-12-15", 1, "2026-01-15"),
            ("2025-01-15", -1, "2024-12-15"), ("2025-05-10", 0, "2025-05-10"), ("2025-03-31", 6, "2025-09-30")
        ])
    func months(from: String, months: Int, expected: String) {
        #expect(F.day(from).adding(months: months) == F.day(expected))
    }

    @Test("day numbers count from 1970-01-01 and agree with Foundation's Gregorian calendar")
    func dayNumbers() {
        #expect(F.day("1970-01-01").dayNumber == 0)
        #expect(F.day("2000-03-01").dayNumber == 11_017)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = F.day("1999-12-25")
        var broken: [CalendarDate] = []
        for _ in 0..<(366 * 40) {
            let next = date.adding(days: 1)
            if next.dayNumber != date.dayNumber + 1 || CalendarDate(dayNumber: next.dayNumber) != next || next <= date {
                broken.append(next)
            }
            date = next
        }
        #expect(broken.isEmpty)
        let foundation = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        #expect(Int(foundation.timeIntervalSince1970 / 86_400) == date.dayNumber)
    }

    @Test(
        "adding days crosses months, leap days and years; days(to:) is the inverse",
        arguments: [
            ("2024-02-15", 30, "2024-03-16"), ("2025-02-15", 30, "2025-03-17"), ("2025-12-20", 15, "2026-01-04"),
            ("2026-01-28", 7, "2026-02-04"), ("2026-03-01", -1, "2026-02-28")
        ])
    func days(from: String, days: Int, expected: String) {
        #expect(F.day(from).adding(days: days) == F.day(expected))
        #expect(F.day(from).days(to: F.day(expected)) == days)
    }
}
