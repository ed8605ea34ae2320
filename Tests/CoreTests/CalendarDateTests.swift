import Testing
import Vocabulary

@Suite("日期 CalendarDate yyyy-MM-dd")
struct CalendarDateTests {
    @Test("a real date in yyyy-MM-dd parses and prints back the same", arguments: ["2026-11-29", "2024-02-29", "0001-01-01", "9999-12-31"])
    func roundTrip(_ text: String) throws {
        #expect(try #require(CalendarDate(text)).description == text)
    }

    @Test(
        "anything else is nil",
        arguments: [
            "2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026-01-1", "26-01-01", "20261-01-01", "2026/01/01",
            "2026-01-01 ", " 2026-01-01", "2026-01-01-01", "2026-01", "", "２０２６-01-01", "2026-0a-01", "+2026-01-01"
        ])
    func refused(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }
}

@Suite("日期 CalendarDate: hostile input")
struct CalendarDateBoundsTests {
    @Test(
        "a field longer than its width is refused, however long (no overflow)",
        arguments: [
            "99999999999999999999", "99999999999999999999-01-01", "2026-99999999999999999999-01", "2026-01-99999999999999999999",
            String(repeating: "9", count: 400), "9223372036854775807-01-01"
        ])
    func longFields(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("arithmetic past the last or first date stops there")
    func saturates() throws {
        let last = try #require(CalendarDate("9999-12-31"))
        let first = try #require(CalendarDate("0001-01-01"))
        #expect(last.adding(months: 1) == last)
        #expect(last.adding(days: 1) == last)
        #expect(last.adding(days: .max) == last)
        #expect(first.adding(months: -1) == first)
        #expect(first.adding(days: .min) == first)
        #expect(first.adding(months: .min) == first)
        #expect(last.adding(months: .max) == last)
        #expect(try #require(CalendarDate("9999-11-30")).adding(months: 2) == last)
    }
}
