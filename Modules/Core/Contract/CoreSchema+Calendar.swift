import WorkCalendar

extension CoreSchema {
    /// Migration 12: 工作日历 — the working-day calendar. `calendar_years` lists each year loaded, for the nation
    /// (`district` null) or as a district's own days, with its source document; `calendar_days` the days a notice lists
    /// (放假 holiday, 上班 make-up working day), a district's applying in its subtree. The gateway's role reads both;
    /// only the owner (the admin CLI) writes. The State Council's notices for 2024–2026 (`NationalNotices`) are loaded
    /// here; later years by `tonghu calendar import`.
    static let workingDayCalendar = Migration(
        12, "working-day calendar with the notices of 2024-2026",
        """
        CREATE TABLE core.calendar_years (
            year smallint NOT NULL CHECK (year BETWEEN 1949 AND 9999),
            district bigint REFERENCES core.districts (code),
            source text NOT NULL CHECK (source <> ''),
            loaded_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE NULLS NOT DISTINCT (year, district)
        );
        CREATE TABLE core.calendar_days (
            date date NOT NULL,
            kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
            name text NOT NULL CHECK (name <> ''),
            district bigint REFERENCES core.districts (code),
            source text NOT NULL CHECK (source <> ''),
            UNIQUE NULLS NOT DISTINCT (date, district)
        );
        CREATE INDEX calendar_days_district ON core.calendar_days (district, date);
        GRANT SELECT ON core.calendar_years, core.calendar_days TO tonghu_app;
        """ + nationalNotices)

    /// The compiled-in notices as INSERT statements; they are the platform's own data, checked by WorkCalendarTests.
    private static var nationalNotices: String {
        let notices: [HolidayNotice]
        do { notices = try NationalNotices.all } catch { preconditionFailure("Notices/*.csv do not read: \(error)") }
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return notices.map { notice in
            let days = notice.days.map { "('\($0.date)', '\($0.kind.rawValue)', \(literal($0.name)), \(literal(notice.source)))" }
            return """

                INSERT INTO core.calendar_years (year, source) VALUES (\(notice.year), \(literal(notice.source)));
                INSERT INTO core.calendar_days (date, kind, name, source) VALUES
                    \(days.joined(separator: ",\n    "));
                """
        }.joined()
    }
}
