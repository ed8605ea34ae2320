import Database
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// The append-only `core.audit` table: writes are recorded in the same transaction as the change they audit;
/// the application role may insert and read but never update or delete (a trigger stops even the owner from
/// deleting rows younger than the legal retention of 183 days, 网络安全法 第21条).
public struct AuditLog: Sendable {
    let logger: Logger

    /// 网络安全法 第21条: network logs are kept for at least six months.
    public static let retentionDays = 183

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Records `entry` on `connection` — inside the caller's transaction, so the act and its audit commit together.
    public func record(_ entry: AuditEntry, on connection: PostgresConnection) async throws {
        try await record([entry], on: connection)
    }

    /// Several entries in one statement (the read buffer's flush); they travel as one JSON array, which carries
    /// the optional fields' nulls.
    public func record(_ entries: [AuditEntry], on connection: PostgresConnection) async throws {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.timeIntervalSince1970)
        }
        let json = String(decoding: try encoder.encode(entries), as: UTF8.self)
        try await connection.run("""
            INSERT INTO core.audit (at, actor, action, programme, entity, entity_id, child_id, outcome, request_id, client_address)
            SELECT to_timestamp(e.at), e.actor, e.action, e.programme, e.entity, e."entityID", e."childID", e.outcome, e."requestID", e."clientAddress"
            FROM jsonb_to_recordset(\(json)::jsonb) AS e(at float8, actor text, action text, programme text, entity text, "entityID" text,
                                                         "childID" uuid, outcome text, "requestID" text, "clientAddress" text)
            """, logger: logger)
    }

    /// Newest first, at most `filter.limit` rows.
    public func query(_ filter: AuditFilter, on connection: PostgresConnection) async throws -> [AuditEntry] {
        let rows = try await connection.query("""
            SELECT at, actor, action, programme, entity, entity_id, child_id, outcome, request_id, client_address FROM core.audit
            WHERE (\(filter.child)::uuid IS NULL OR child_id = \(filter.child))
              AND (\(filter.actor)::text IS NULL OR actor = \(filter.actor))
              AND (\(filter.from)::timestamptz IS NULL OR at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR at < \(filter.to))
            ORDER BY at DESC, id DESC LIMIT \(filter.limit)
            """, logger: logger)
        var entries: [AuditEntry] = []
        for try await row in rows.decode((Date, String, String, String, String?, String?, UUID?, String, String?, String?).self) {
            entries.append(AuditEntry(at: row.0, actor: row.1, action: row.2, programme: row.3, entity: row.4, entityID: row.5,
                                      childID: row.6, outcome: row.7, requestID: row.8, clientAddress: row.9))
        }
        return entries
    }

    /// Deletes rows older than `before`; refuses a date less than 183 days ago. Runs as the owner (CLI).
    public func purge(before: CalendarDate, today: CalendarDate = .today(), on connection: PostgresConnection) async throws -> Int {
        let limit = try await connection.query("SELECT (\(today.description)::date - \(Self.retentionDays)::int)::text", logger: logger)
            .decode(String.self).first().flatMap(CalendarDate.init)!
        guard before <= limit else {
            throw Problem.invalid("before", "审计日志至少保存 \(Self.retentionDays) 天: 只能清除 \(limit) 之前的记录",
                                  "audit rows are kept at least \(Self.retentionDays) days: the latest allowed date is \(limit)")
        }
        return try await connection.query("WITH gone AS (DELETE FROM core.audit WHERE at < \(before.description)::date RETURNING 1) SELECT count(*) FROM gone", logger: logger)
            .decode(Int.self).first() ?? 0
    }
}
