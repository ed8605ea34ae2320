import Contract
import PostgresNIO
import TestSupport
import Testing

/// `CalendarDate` and `DistrictCode` bind and decode as PostgreSQL `date` and `bigint`, through a real server.
@Suite("PostgreSQL coding of calendar dates and district codes")
struct PostgresCodingTests {
    static let dates = ["0001-01-01", "0001-03-01", "1969-12-31", "1970-01-01", "1999-12-31", "2000-01-01", "2024-02-29", "9999-12-31"]
        .compactMap(CalendarDate.init)

    @Test("a calendar date binds as a date and reads back as itself, through the type's bounds, alone and in arrays")
    func calendarDates() async throws {
        #expect(Self.dates.count == 8)
        try await TestPlatform.with { test in
            try await test.owner.withConnection { connection in
                for date in Self.dates {
                    let row = try await connection.query(
                        "SELECT \(date), \(date)::text, pg_typeof(\(date))::text, \(date.description)::date", logger: test.logger
                    ).decode((CalendarDate, String, String, CalendarDate).self).first()
                    #expect(row?.0 == date)
                    #expect(row?.1 == date.description, "the server reads the bound value as the same day")
                    #expect(row?.2 == "date")
                    #expect(row?.3 == date, "a date the server computed reads as the day it names")
                }
                let array = try await connection.query("SELECT \(Self.dates)", logger: test.logger).decode([CalendarDate].self).first()
                #expect(array == Self.dates)
                let none = try await connection.query("SELECT NULL::date", logger: test.logger).decode(CalendarDate?.self).first()
                #expect(none == .some(nil))
            }
        }
    }

    @Test(
        "a date the type cannot hold (±infinity, year 10000, BC) or a column of another type is a decoding error, not a crash",
        arguments: ["'infinity'::date", "'-infinity'::date", "'10000-01-01'::date", "'0001-12-31 BC'::date", "'2026-12-01'::text"])
    func calendarDateRefusals(_ expression: String) async throws {
        try await TestPlatform.with { test in
            try await test.owner.withConnection { connection in
                await #expect(throws: PostgresDecodingError.self) {
                    try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(expression)"), logger: test.logger)
                        .decode(CalendarDate.self).first()
                }
            }
        }
    }

    @Test("a district code binds as a bigint and reads back as itself, at the ends of the 12-digit range, alone and in arrays")
    func districtCodes() async throws {
        let codes = ["100000000000", "110000000000", "320412100201", "999999999999"].compactMap { DistrictCode($0) }
        #expect(codes.count == 4)
        try await TestPlatform.with { test in
            try await test.owner.withConnection { connection in
                for code in codes {
                    let row = try await connection.query(
                        "SELECT \(code), \(code) = \(code.value)::int8, pg_typeof(\(code))::text", logger: test.logger
                    ).decode((DistrictCode, Bool, String).self).first()
                    #expect(row?.0 == code)
                    #expect(row?.1 == true)
                    #expect(row?.2 == "bigint")
                }
                let array = try await connection.query("SELECT \(codes)", logger: test.logger).decode([DistrictCode].self).first()
                #expect(array == codes)
                let stored = try await connection.query(
                    "SELECT code FROM core.districts WHERE code = \(TestPlatform.villageA)", logger: test.logger
                ).decode(DistrictCode.self).first()
                #expect(stored == TestPlatform.villageA)
            }
        }
    }

    @Test(
        "a number that is not a district code (too short, a village under township 000, negative) or an int4 is a decoding error",
        arguments: ["123::int8", "320412000201::int8", "-320412100201::int8", "2147483647::int4"])
    func districtCodeRefusals(_ expression: String) async throws {
        try await TestPlatform.with { test in
            try await test.owner.withConnection { connection in
                await #expect(throws: PostgresDecodingError.self) {
                    try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(expression)"), logger: test.logger)
                        .decode(DistrictCode.self).first()
                }
            }
        }
    }

    enum Shade: String, Codable, PostgresTextEnum { case red, green }

    @Test("a text enum reads as its case; a text that names no case is a decoding error, not a crash")
    func textEnums() async throws {
        try await TestPlatform.with { test in
            try await test.owner.withConnection { connection in
                let shades = try await connection.query("SELECT 'red', 'green'", logger: test.logger).decode((Shade, Shade).self).first()
                #expect(shades?.0 == .red && shades?.1 == .green)
                await #expect(throws: PostgresDecodingError.self) {
                    try await connection.query("SELECT 'blue'", logger: test.logger).decode(Shade.self).first()
                }
            }
        }
    }

    @Test("a statement that must yield a row gives it, or throws MissingRow naming what was missing")
    func singleRow() async throws {
        try await TestPlatform.with { test in
            try await test.owner.withConnection { connection in
                let seven = try await connection.query("SELECT 7::int8", logger: test.logger).decode(Int64.self).single("seven")
                #expect(seven == 7)
                await #expect {
                    try await connection.query("SELECT 7::int8 WHERE false", logger: test.logger).decode(Int64.self).single("nothing")
                } throws: {
                    ($0 as? MissingRow)?.what == "nothing"
                }
            }
        }
    }
}
