import Database
import Districts
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// The working-day calendar in `core.calendar_years` and `core.calendar_days` (core migration 12). The gateway's role
/// reads it; only the owner's connection (the admin CLI, `tonghu calendar import`) writes it.
public struct WorkCalendarStore: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The calendar in force for `district` (the nation's when `nil`): the nation's loaded years, with the days the
    /// district and each of its ancestors added laid over the nation's, the nearest district's day winning.
    public func calendar(for district: DistrictCode?, on connection: PostgresConnection) async throws -> WorkingCalendar {
        let years = try await connection.query(
            "SELECT year::int8, source FROM core.calendar_years WHERE district IS NULL", logger: logger
        ).decode((Int64, String).self).collect()
        let lineage = (district?.lineage ?? []).map(\.value)
        let days = try await connection.query(
            """
            SELECT date, kind, name FROM core.calendar_days WHERE district IS NULL OR district = ANY(\(lineage))
            ORDER BY district NULLS FIRST, date
            """, logger: logger
        ).decode((CalendarDate, CalendarDay.Kind, String).self).collect()
        return WorkingCalendar(
            years: Dictionary(years.map { (Int($0), $1) }, uniquingKeysWith: { first, _ in first }),
            days: days.map { CalendarDay(date: $0, kind: $1, name: $2) })
    }

    /// Every year loaded, the nation's first, each with its source and how many days it lists.
    public func years(on connection: PostgresConnection) async throws -> [LoadedCalendarYear] {
        let rows = try await connection.query(
            """
            SELECT y.year::int8, y.district, y.source, y.loaded_at,
                   count(d.date) FILTER (WHERE d.kind = 'holiday'), count(d.date) FILTER (WHERE d.kind = 'workday')
            FROM core.calendar_years y
            LEFT JOIN core.calendar_days d
                   ON extract(year FROM d.date) = y.year AND d.district IS NOT DISTINCT FROM y.district
            GROUP BY y.year, y.district, y.source, y.loaded_at
            ORDER BY y.district NULLS FIRST, y.year
            """, logger: logger
        ).decode((Int64, Int64?, String, Date, Int64, Int64).self).collect()
        return rows.map { year, district, source, loadedAt, holidays, workdays in
            LoadedCalendarYear(
                year: Int(year), district: district.map(String.init), source: source, loadedAt: loadedAt, holidays: Int(holidays),
                workdays: Int(workdays))
        }
    }

    /// The year as loaded for the nation (or as `district`'s own days), in the form it was imported; `nil` when not loaded.
    public func notice(_ year: Int, district: DistrictCode?, on connection: PostgresConnection) async throws -> HolidayNotice? {
        let code = district?.value
        let sources = try await connection.query(
            "SELECT source FROM core.calendar_years WHERE year = \(year) AND district IS NOT DISTINCT FROM \(code)", logger: logger
        ).decode(String.self).collect()
        guard let source = sources.first else { return nil }
        let days = try await connection.query(
            """
            SELECT date, kind, name FROM core.calendar_days
            WHERE date BETWEEN make_date(\(year)::int, 1, 1) AND make_date(\(year)::int, 12, 31) AND district IS NOT DISTINCT FROM \(code)
            ORDER BY date
            """, logger: logger
        ).decode((CalendarDate, CalendarDay.Kind, String).self).collect()
        return HolidayNotice(year: year, source: source, days: days.map { CalendarDay(date: $0, kind: $1, name: $2) })
    }

    /// Loads `notice` for the nation or, with `district`, as that district's own days; a year loaded before is replaced
    /// whole. Call it inside a transaction: it is several statements. A district's year needs the nation's loaded first.
    public func load(_ notice: HolidayNotice, district: DistrictCode?, on connection: PostgresConnection) async throws {
        if let district {
            let national = try await connection.query(
                "SELECT 1 FROM core.calendar_years WHERE year = \(notice.year) AND district IS NULL", logger: logger
            ).collect()
            guard !national.isEmpty else {
                throw Problem.invalid(
                    "district", "请先导入全国 \(notice.year) 年的节假日安排, 再导入 \(district) 的地方安排",
                    "load the nation's \(notice.year) notice before \(district)'s own days")
            }
        }
        let code = district?.value
        do {
            try await connection.run(
                """
                DELETE FROM core.calendar_days
                WHERE date BETWEEN make_date(\(notice.year)::int, 1, 1) AND make_date(\(notice.year)::int, 12, 31)
                  AND district IS NOT DISTINCT FROM \(code)
                """, logger: logger)
            try await connection.run(
                """
                INSERT INTO core.calendar_years AS y (year, district, source) VALUES (\(notice.year), \(code), \(notice.source))
                ON CONFLICT (year, district) DO UPDATE SET source = EXCLUDED.source, loaded_at = now()
                """, logger: logger)
            try await connection.run(
                """
                INSERT INTO core.calendar_days (date, kind, name, district, source)
                SELECT date, kind, name, \(code), \(notice.source)
                FROM unnest(\(notice.days.map(\.date)), \(notice.days.map(\.kind.rawValue)), \(notice.days.map(\.name))) AS d (date, kind, name)
                """, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw Problem.invalid("district", "区划 \(district.map(String.init(describing:)) ?? "") 不存在", "unknown district")
        }
    }
}

extension CalendarDay.Kind: PostgresTextEnum {}

/// A year loaded: the nation's (`district` nil) or a district's own days.
public struct LoadedCalendarYear: Sendable, Codable, Equatable {
    public let year: Int
    public let district: String?
    public let source: String
    public let loadedAt: Date
    public let holidays: Int
    public let workdays: Int
}
