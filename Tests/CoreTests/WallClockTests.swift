import Boot
import Contract
import Foundation
import Testing

/// 时钟: the day in China, and a platform run "as of" another day.
@Suite("时钟 the platform's clock")
struct WallClockTests {
    static let instants: [(seconds: Double, day: String)] = [
        (0, "1970-01-01"), (16 * 3_600 - 1, "1970-01-01"), (16 * 3_600, "1970-01-02"),
        (1_796_054_399, "2026-11-30"), (1_796_054_400, "2026-12-01"), (253_402_271_999, "9999-12-31")
    ]

    @Test("the day is counted in Asia/Shanghai: 16:00 UTC is already the next day there", arguments: Self.instants)
    func shanghaiDay(_ seconds: Double, _ day: String) {
        #expect(CalendarDate.today(Date(timeIntervalSince1970: seconds)).description == day)
    }

    @Test("as of a day, today is that day and now falls on it; the system clock is the real day")
    func asOf() throws {
        let day = try #require(CalendarDate("2027-03-01"))
        let clock = WallClock(asOf: day)
        #expect(clock.today() == day)
        #expect(CalendarDate.today(clock.now()) == day)
        #expect(WallClock.system.today() == CalendarDate.today(Date()))
    }

    @Test("TONGHU_TODAY sets the day; unset is the real day; a value that is not a date is refused, naming the setting")
    func configuration() throws {
        #expect(try Settings(environment: ["TONGHU_TODAY": "2027-03-01"]).clock().asOf?.description == "2027-03-01")
        #expect(try Settings(environment: [:]).clock() == .system)
        for text in ["2027-02-30", "20270301", "tomorrow"] {
            #expect {
                try Settings(environment: ["TONGHU_TODAY": text]).clock()
            } throws: {
                ($0 as? Problem)?.field == "TONGHU_TODAY"
            }
        }
    }
}
