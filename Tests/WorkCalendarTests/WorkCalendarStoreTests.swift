import Contract
import PostgresNIO
import TestSupport
import Testing

/// The calendar in the database: the notices migration 12 loads, read as the gateway's role; a district's own days in
/// its subtree only, the nearest district winning; writes by the owner alone.
@Suite("工作日历 working-day calendar in the database")
struct WorkCalendarStoreTests {
    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }

    func notice(_ year: Int, _ source: String, _ days: [(String, CalendarDay.Kind, String)]) throws -> HolidayNotice {
        HolidayNotice(year: year, source: source, days: try days.map { CalendarDay(date: try date($0.0), kind: $0.1, name: $0.2) })
    }

    @Test("migration 12 loads 2024-2026 with their sources, and the gateway's role reads them")
    func nationalNoticesLoaded() async throws {
        try await TestPlatform.with { test in
            let calendar = try await test.platform.context.database.withConnection {
                try await test.platform.context.workCalendar.calendar(for: nil, on: $0)
            }
            #expect(calendar.years.keys.sorted() == [2024, 2025, 2026])
            #expect(calendar.years[2025]?.contains("国办发明电〔2024〕12号") == true)
            #expect(try calendar.deadline(from: date("2026-02-13"), rule: .workingDays(5)) == date("2026-02-27"))
            #expect(try calendar.deadline(from: date("2025-09-26"), rule: .workingDays(5)) == date("2025-10-10"))
            #expect(throws: CalendarYearNotLoaded(year: 2027)) { try calendar.isWorkingDay(date("2027-01-04")) }
            let years = try await test.owner.withConnection { try await test.platform.context.workCalendar.years(on: $0) }
            #expect(years.map { "\($0.year):\($0.holidays)/\($0.workdays)" } == ["2024:28/8", "2025:28/5", "2026:33/6"])
        }
    }

    @Test("a district's own days apply in its subtree only, the nearest district's day winning over the nation's")
    func districtOverrides() async throws {
        try await TestPlatform.with { test in
            let store = test.platform.context.workCalendar
            try await test.owner.transaction { connection in
                try await store.load(
                    try notice(2026, "江苏省测试通知", [("2026-03-02", .holiday, "省测试假日")]), district: TestPlatform.province, on: connection)
                try await store.load(
                    try notice(2026, "武进区测试通知", [("2026-03-03", .holiday, "区测试假日"), ("2026-02-28", .holiday, "区测试假日")]),
                    district: TestPlatform.county, on: connection)
            }
            func calendar(_ district: DistrictCode?) async throws -> WorkingCalendar {
                try await test.platform.context.database.withConnection { try await store.calendar(for: district, on: $0) }
            }
            let village = try await calendar(TestPlatform.villageA)
            let sibling = try await calendar(TestPlatform.otherCounty)
            let nation = try await calendar(nil)
            #expect(try !village.isWorkingDay(date("2026-03-02")) && !sibling.isWorkingDay(date("2026-03-02")))
            #expect(try nation.isWorkingDay(date("2026-03-02")))
            #expect(try !village.isWorkingDay(date("2026-03-03")))
            #expect(try sibling.isWorkingDay(date("2026-03-03")) && nation.isWorkingDay(date("2026-03-03")))
            // The nation's make-up Saturday, rested in the county that says so.
            #expect(try !village.isWorkingDay(date("2026-02-28")) && sibling.isWorkingDay(date("2026-02-28")))
            #expect(try village.deadline(from: date("2026-02-27"), rule: .workingDays(1)) == date("2026-03-04"))
            #expect(try sibling.deadline(from: date("2026-02-27"), rule: .workingDays(1)) == date("2026-02-28"))
            #expect(village.years.keys.sorted() == [2024, 2025, 2026], "a district's days add no year")

            // Loading the county's 2026 again replaces it whole.
            try await test.owner.transaction {
                try await store.load(
                    try notice(2026, "武进区测试通知 (修订)", [("2026-03-03", .holiday, "区测试假日")]), district: TestPlatform.county, on: $0)
            }
            #expect(try await calendar(TestPlatform.villageA).isWorkingDay(date("2026-02-28")))
            let years = try await test.owner.withConnection { try await store.years(on: $0) }
            #expect(years.filter { $0.district == TestPlatform.county.description }.map(\.source) == ["武进区测试通知 (修订)"])
        }
    }

    @Test("a district's days for a year the nation has not loaded, or for an unknown district, are refused")
    func refusals() async throws {
        try await TestPlatform.with { test in
            let store = test.platform.context.workCalendar
            await #expect {
                try await test.owner.transaction {
                    try await store.load(try notice(2027, "县通知", [("2027-03-01", .holiday, "测试")]), district: TestPlatform.county, on: $0)
                }
            } throws: { ($0 as? Problem)?.field == "district" && ($0 as? Problem)?.detail.zh.contains("2027") == true }
            await #expect {
                try await test.owner.transaction {
                    try await store.load(
                        try notice(2026, "县通知", [("2026-03-02", .holiday, "测试")]), district: DistrictCode("320412999000"), on: $0)
                }
            } throws: { ($0 as? Problem)?.field == "district" }
        }
    }

    @Test("the gateway's role may read the calendar but not write it")
    func gatewayRoleReadsOnly() async throws {
        try await TestPlatform.with { test in
            let app = test.platform.context.database
            for statement in [
                "INSERT INTO core.calendar_days (date, kind, name, source) VALUES ('2026-03-02', 'holiday', 'x', 'x')",
                "DELETE FROM core.calendar_days", "UPDATE core.calendar_years SET source = 'x'"
            ] {
                await #expect {
                    try await app.withConnection { try await $0.run(PostgresQuery(unsafeSQL: statement), logger: test.logger) }
                } throws: { ($0 as? PSQLError)?.serverInfo?[.sqlState] == "42501" }
            }
        }
    }
}
