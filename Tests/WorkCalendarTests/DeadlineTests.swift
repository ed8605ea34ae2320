import Foundation
import Testing
import Vocabulary
import WorkCalendar

/// Deadlines on the nation's calendar of 2024–2026 as compiled in: working days across the Spring Festival and the
/// National Day with their make-up Saturdays, calendar days moved off rest days, hours across midnight in Shanghai.
@Suite struct DeadlineTests {
    let calendar: WorkingCalendar

    init() throws {
        let notices = try NationalNotices.all
        calendar = WorkingCalendar(
            years: Dictionary(uniqueKeysWithValues: notices.map { ($0.year, $0.source) }), days: notices.flatMap(\.days))
    }

    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }

    @Test func theNoticesCompiledInListEveryDayOfTheirYear() throws {
        let notices = try NationalNotices.all
        #expect(notices.map(\.year) == [2024, 2025, 2026])
        #expect(notices.map { $0.days.filter { $0.kind == .holiday }.count } == [28, 28, 33])
        #expect(notices.map { $0.days.filter { $0.kind == .workday }.count } == [8, 5, 6])
        #expect(notices.allSatisfy { $0.source.hasPrefix("国务院办公厅关于\($0.year)年部分节假日安排的通知") })
    }

    /// 2025: 春节 1月28日–2月4日 (one day more under 国务院令第795号), 1月26日 (Sunday) and 2月8日 (Saturday) worked.
    @Test func workingDaysAcrossTheSpringFestivalOf2025() throws {
        #expect(try calendar.isWorkingDay(date("2025-01-26")))
        #expect(try !calendar.isWorkingDay(date("2025-02-04")))
        #expect(try calendar.deadline(from: date("2025-01-24"), rule: .workingDays(5)) == date("2025-02-07"))
        #expect(try calendar.deadline(from: date("2025-01-24"), rule: .workingDays(6)) == date("2025-02-08"))
        #expect(try calendar.deadline(from: date("2025-01-24"), rule: .workingDays(10)) == date("2025-02-13"))
    }

    /// 2026: 春节 2月15日–23日 (nine days), 2月14日 and 2月28日 (Saturdays) worked.
    @Test func workingDaysAcrossTheSpringFestivalOf2026() throws {
        #expect(try calendar.deadline(from: date("2026-02-13"), rule: .workingDays(1)) == date("2026-02-14"))
        #expect(try calendar.deadline(from: date("2026-02-13"), rule: .workingDays(5)) == date("2026-02-27"))
        #expect(try calendar.deadline(from: date("2026-02-13"), rule: .workingDays(6)) == date("2026-02-28"))
        #expect(try calendar.deadline(from: date("2026-02-13"), rule: .workingDays(7)) == date("2026-03-02"))
    }

    /// 2025: 国庆节、中秋节 10月1日–8日, 9月28日 (Sunday) and 10月11日 (Saturday) worked.
    @Test func workingDaysAcrossTheNationalDayOf2025() throws {
        #expect(try calendar.deadline(from: date("2025-09-26"), rule: .workingDays(5)) == date("2025-10-10"))
        #expect(try calendar.deadline(from: date("2025-09-26"), rule: .workingDays(6)) == date("2025-10-11"))
        #expect(try calendar.deadline(from: date("2025-09-30"), rule: .workingDays(1)) == date("2025-10-09"))
    }

    /// 2026: 中秋节 9月25日–27日, 国庆节 10月1日–7日, 9月20日 (Sunday) and 10月10日 (Saturday) worked.
    @Test func workingDaysAcrossTheNationalDayOf2026() throws {
        #expect(try calendar.deadline(from: date("2026-09-18"), rule: .workingDays(1)) == date("2026-09-20"))
        #expect(try calendar.deadline(from: date("2026-09-24"), rule: .workingDays(5)) == date("2026-10-09"))
        #expect(try calendar.deadline(from: date("2026-09-30"), rule: .workingDays(3)) == date("2026-10-10"))
        #expect(try calendar.deadline(from: date("2026-09-30"), rule: .workingDays(5)) == date("2026-10-13"))
    }

    @Test func noWorkingDaysIsTheStartItself() throws {
        #expect(try calendar.deadline(from: date("2026-02-15"), rule: .workingDays(0)) == date("2026-02-15"))
    }

    /// 民法典 第二百零三条: a last day that is a rest day moves to the next working day; a make-up Saturday is worked.
    @Test func calendarDaysEndOnAWorkingDay() throws {
        #expect(try calendar.deadline(from: date("2025-03-03"), rule: .calendarDays(10)) == date("2025-03-13"))
        #expect(try calendar.deadline(from: date("2025-03-05"), rule: .calendarDays(10)) == date("2025-03-17"))
        #expect(try calendar.deadline(from: date("2025-01-24"), rule: .calendarDays(7)) == date("2025-02-05"))
        #expect(try calendar.deadline(from: date("2026-02-21"), rule: .calendarDays(7)) == date("2026-02-28"))
    }

    @Test func hoursRunAcrossMidnightAndHolidaysInShanghai() throws {
        let lateEvening = try #require(ISO8601DateFormatter().date(from: "2026-02-13T15:30:00Z")) // 23:30 in Shanghai
        let due = try calendar.deadline(from: lateEvening, rule: .hours(1))
        #expect(due == ISO8601DateFormatter().date(from: "2026-02-13T16:30:00Z"))
        #expect(CalendarDate.today(due) == (try date("2026-02-14")))
        let inTheHoliday = try #require(ISO8601DateFormatter().date(from: "2026-02-15T01:00:00Z"))
        #expect(try calendar.deadline(from: inTheHoliday, rule: .hours(72)) == ISO8601DateFormatter().date(from: "2026-02-18T01:00:00Z"))
    }

    /// An instant just after midnight in Shanghai is still the previous day in UTC; the period starts on Shanghai's day
    /// and ends at 24:00 there of its last day.
    @Test func daysFromAnInstantStartOnShanghaisDay() throws {
        let justAfterMidnight = try #require(ISO8601DateFormatter().date(from: "2025-01-23T16:30:00Z")) // 2025-01-24 00:30
        let due = try calendar.deadline(from: justAfterMidnight, rule: .workingDays(5))
        #expect(due == ISO8601DateFormatter().date(from: "2025-02-07T16:00:00Z"))
    }

    @Test func hoursFromADateAreRefused() throws {
        #expect(throws: Problem.self) { try calendar.deadline(from: date("2026-01-05"), rule: .hours(24)) }
        #expect(throws: Problem.self) { try calendar.deadline(from: date("2026-01-05"), rule: .workingDays(-1)) }
    }

    @Test func aYearNotLoadedIsRefusedNamingTheYear() throws {
        #expect(throws: CalendarYearNotLoaded(year: 2027)) {
            try calendar.deadline(from: date("2026-12-28"), rule: .workingDays(5))
        }
        #expect(throws: CalendarYearNotLoaded(year: 2023)) { try calendar.isWorkingDay(date("2023-12-29")) }
        let problem = CalendarYearNotLoaded(year: 2027).problem
        #expect(problem.detail.zh.contains("2027") && problem.detail.en.contains("2027"))
        #expect(problem.kind == "calendar-year-not-loaded")
    }

    @Test func aDistrictsOwnDayLaidOverTheNationsWins() throws {
        let notices = try NationalNotices.all
        let local = [CalendarDay(date: try date("2025-03-31"), kind: .holiday, name: "壮族三月三")]
        let overlaid = WorkingCalendar(
            years: Dictionary(uniqueKeysWithValues: notices.map { ($0.year, $0.source) }), days: notices.flatMap(\.days) + local)
        #expect(try calendar.isWorkingDay(date("2025-03-31")))
        #expect(try !overlaid.isWorkingDay(date("2025-03-31")))
        #expect(try overlaid.deadline(from: date("2025-03-28"), rule: .workingDays(1)) == date("2025-04-01"))
    }

    @Test func aDeadlineIsCodedAsOneMember() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(Deadline.self, from: Data(#"{"workingDays": 5}"#.utf8)) == .workingDays(5))
        #expect(try decoder.decode(Deadline.self, from: Data(#"{"hours": 72}"#.utf8)) == .hours(72))
        #expect(String(decoding: try JSONEncoder().encode(Deadline.calendarDays(15)), as: UTF8.self) == #"{"calendarDays":15}"#)
        for bad in [#"{}"#, #"{"workingDays": 5, "hours": 1}"#, #"{"hours": -1}"#, #"{"weeks": 2}"#, #"5"#] {
            #expect(throws: DecodingError.self) { try decoder.decode(Deadline.self, from: Data(bad.utf8)) }
        }
    }
}
