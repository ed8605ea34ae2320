import Districts
import Foundation
import Logging
import PostgresNIO

/// 日程工作清单 — open items due, overdue or missed in a district's subtree at an instant, in due order, for the read
/// permissions a caller holds there.
///
/// Two indexes serve it (migrations 13 and 15). The open-items index — one county (or a range of counties) in due
/// order — answers due and missed lists by reading from their first item on: missed items are the oldest, due ones
/// those next after now. Overdue items lie after every missed item of the county in that order, so the overdue list is
/// answered by the window index instead, which finds exactly the subtree's items whose window holds the instant;
/// they are then sorted. That selection is planned apart from the page's limit (`MATERIALIZED`): planned with it, the
/// planner read in due order past the missed items, believing overdue ones spread evenly, or — under row-level
/// security, whose scope test it cannot estimate — read the whole table.
public struct ScheduleWorklist: Sendable {
    public struct Filter: Sendable {
        public let district: DistrictCode
        /// `due`, `overdue` or `missed` (`upcoming` lists what is not yet due).
        public let status: ScheduleItemStatus
        public let schedule: String?
        /// The read permissions the caller holds in `district`: only schedules declaring one of them are listed.
        public let permissions: [String]
        /// The last item of the previous page (键集分页).
        public let after: UUID?
        public let limit: Int
        public let now: Date

        public init(
            district: DistrictCode, status: ScheduleItemStatus, schedule: String? = nil, permissions: [String], after: UUID? = nil,
            limit: Int, now: Date
        ) {
            self.district = district
            self.status = status
            self.schedule = schedule
            self.permissions = permissions
            self.after = after
            self.limit = limit
            self.now = now
        }
    }

    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Which of an item's districts a list reads: the one it is filed under, or its household-registration district
    /// (户籍地) for the items filed outside the subtree.
    public enum Side: Sendable {
        case filed, hukou
    }

    /// One page and the cursor of the next (`nil` on the last page): both sides' pages merged in due order.
    public func page(_ filter: Filter, on connection: PostgresConnection) async throws -> (items: [ScheduledItem], next: UUID?) {
        var rows = try await connection.query(Self.query(filter), logger: logger).decode(ScheduledItem.Row.self).collect()
        rows += try await connection.query(Self.query(filter, side: .hukou), logger: logger).decode(ScheduledItem.Row.self).collect()
        rows.sort { ($0.10, $0.8, $0.0.uuidString) < ($1.10, $1.8, $1.0.uuidString) }
        let items = rows.prefix(filter.limit).map(ScheduledItem.init)
        return (items, rows.count > filter.limit ? items.last?.id : nil)
    }

    /// The statement `page` runs for `side` (the benchmark runs the filed side bare to compare).
    public static func query(_ filter: Filter, side: Side = .filed) -> PostgresQuery {
        let range = filter.district.subtree
        var query: PostgresQuery = """
            SELECT id, schedule, item, occurrence, item_group, required, subject, child_id, district, due_from, due_by, expires,
                   state, closed_at, skip_reason
            FROM core.schedule_items
            WHERE \(districts: side, in: range)
              AND state = 'planned' AND read_permission = ANY(\(filter.permissions))
              AND (\(filter.schedule)::text IS NULL OR schedule = \(filter.schedule)) AND \(status: filter.status, at: filter.now)
            """
        if let after = filter.after {
            query.sql +=
                " AND (due_by, district, id) > (SELECT due_by, district, id FROM core.schedule_items WHERE id = $\(query.binds.count + 1))"
            query.binds.append(after)
        }
        if filter.status == .overdue {
            query.sql = "WITH selected AS MATERIALIZED (" + query.sql + ") SELECT * FROM selected"
        }
        query.sql += " ORDER BY due_by, district, id LIMIT $\(query.binds.count + 1)"
        query.binds.append(filter.limit + 1)
        return query
    }
}

extension PostgresQuery.StringInterpolation {
    /// The items of `side` in `subtree`, on the columns of that side's indexes.
    mutating func appendInterpolation(districts side: ScheduleWorklist.Side, in subtree: ClosedRange<Int64>) {
        switch side {
        case .filed:
            appendInterpolation(county: "county", of: subtree)
            appendLiteral(" AND district BETWEEN ")
        case .hukou:
            appendInterpolation(county: "hukou_county", of: subtree)
            appendLiteral(" AND district NOT BETWEEN ")
            appendInterpolation(subtree.lowerBound)
            appendLiteral(" AND ")
            appendInterpolation(subtree.upperBound)
            appendLiteral(" AND hukou_district BETWEEN ")
        }
        appendInterpolation(subtree.lowerBound)
        appendLiteral(" AND ")
        appendInterpolation(subtree.upperBound)
    }

    /// The window condition of `status` at `now`, on the index's columns.
    mutating func appendInterpolation(status: ScheduleItemStatus, at now: Date) {
        switch status {
        case .upcoming:
            appendLiteral("due_by > ")
            appendInterpolation(now)
            appendLiteral(" AND due_from > ")
            appendInterpolation(now)
        case .due:
            appendLiteral("due_by > ")
            appendInterpolation(now)
            appendLiteral(" AND due_from <= ")
            appendInterpolation(now)
        case .overdue:
            appendLiteral("due_by <= ")
            appendInterpolation(now)
            appendLiteral(" AND expires > ")
            appendInterpolation(now)
        case .missed:
            appendLiteral("due_by <= ")
            appendInterpolation(now)
            appendLiteral(" AND expires <= ")
            appendInterpolation(now)
        }
    }
}
