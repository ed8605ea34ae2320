import Testing
import Vocabulary

@Suite("日期 CalendarDate yyyy-MM-dd")
struct CalendarDateTests {
    @Test("a real date in yyyy-MM-dd parses and prints back the same", arguments: ["2026-11-29", "2024-02-29", "0001-01-01", "9999-12-31"])
    func roundTrip(_ text: String) throws {
        #expect(try #require(CalendarDate(text)).description == text)
    }

    @Test("anything else is nil", arguments: [
        "2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "2026-01-1", "26-01-01", "20261-01-01", "2026/01/01",
        "2026-01-01 ", " 2026-01-01", "2026-01-01-01", "2026-01", "", "２０２６-01-01", "2026-0a-01", "+2026-01-01",
    ])
    func refused(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }
}
