import Database
import Districts
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// Reads and writes `core.child_statuses` on the caller's scoped connection, so a status commits with the change that
/// caused it. A status is visible to whoever sees the child (the children index's scope) and to staff of the district
/// it was filed under; a cleared or replaced status stays in the table as history.
public struct ChildStatusFeed: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Makes `status` the child's current one for its programme and code, filed under `district` (the district whose
    /// staff published it); a current status that differs is cleared first, the same one is left as it is.
    public func set(_ status: ChildStatus, of child: UUID, district: DistrictCode, on connection: PostgresConnection) async throws {
        try await connection.run(
            """
            UPDATE core.child_statuses SET cleared_at = now()
            WHERE child_id = \(child) AND programme = \(status.programme) AND code = \(status.code) AND cleared_at IS NULL
              AND (title_zh, title_en, since, until, severity, link)
                  IS DISTINCT FROM (\(status.title.zh), \(status.title.en), \(status.since.description)::date, \(status.until?.description)::date,
                                    \(status.severity.rawValue), \(status.link))
            """, logger: logger)
        try await connection.run(
            """
            INSERT INTO core.child_statuses (child_id, programme, code, title_zh, title_en, since, until, severity, link, district)
            VALUES (\(child), \(status.programme), \(status.code), \(status.title.zh), \(status.title.en), \(status.since.description)::date,
                    \(status.until?.description)::date, \(status.severity.rawValue), \(status.link), \(district.value))
            ON CONFLICT (child_id, programme, code) WHERE cleared_at IS NULL DO NOTHING
            """, logger: logger)
    }

    /// Clears the child's current status of `programme` with `code`, or all of the programme's when `code` is `nil`.
    public func clear(_ programme: String, code: String? = nil, of child: UUID, on connection: PostgresConnection) async throws {
        try await connection.run(
            """
            UPDATE core.child_statuses SET cleared_at = now()
            WHERE child_id = \(child) AND programme = \(programme) AND (\(code)::text IS NULL OR code = \(code)) AND cleared_at IS NULL
            """, logger: logger)
    }

    /// The child's current statuses from every programme, the most recent first.
    public func current(of child: UUID, on connection: PostgresConnection) async throws -> [ChildStatus] {
        try await connection.query(
            """
            SELECT programme, code, title_zh, title_en, since - DATE '1970-01-01', until - DATE '1970-01-01', severity, link
            FROM core.child_statuses WHERE child_id = \(child) AND cleared_at IS NULL ORDER BY since DESC, programme, code
            """, logger: logger
        ).decode((String, String, String, String, Int, Int?, String, String?).self).collect().map { row in
            ChildStatus(
                programme: row.0, code: row.1, title: Localized(zh: row.2, en: row.3), since: CalendarDate(dayNumber: row.4),
                until: row.5.map(CalendarDate.init(dayNumber:)), severity: ChildStatus.Severity(rawValue: row.6) ?? .warning, link: row.7)
        }
    }
}
