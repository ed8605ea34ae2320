import Database
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// The append-only `core.audit` table. Writes are recorded in the same transaction as the change they audit, through
/// `core.record_audit` (core migration 6): the application role cannot INSERT, and as that role every entry must name
/// the transaction's own actor and request id (`tonghu.actor`, `tonghu.request`, which `Call.transactionSettings` sets
/// from the authenticated caller) and is stamped with the transaction's time; the schema owner's entries (the CLI's)
/// are kept as given. Nobody may update, and a trigger stops even the owner from deleting rows younger than the legal
/// retention of 183 days (网络安全法 第21条). Reads as the application role see only rows within the caller's scope.
///
/// Trust boundary: the database cannot tell the gateway's own `set_config` from other SQL run as `tonghu_app`, so what
/// it guarantees is that no audit row is written directly and none in a transaction names another actor than the one
/// the transaction was opened for; reads flushed by `AuditReadBuffer` (and refused sign-ins) go through
/// `core.record_buffered_audit`, which takes the actors it is given and is called only by that buffer in the gateway.
public struct AuditLog: Sendable {
    let logger: Logger

    /// 网络安全法 第21条: network logs are kept for at least six months.
    public static let retentionDays = 183

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The settings `core.record_audit` takes a transaction's actor and request id from.
    public static func attribution(actor: String, request: String) -> [(name: String, value: String)] {
        [("tonghu.actor", actor), ("tonghu.request", request)]
    }

    /// Records `entry` on `connection` — inside the caller's transaction, so the act and its audit commit together.
    public func record(_ entry: AuditEntry, on connection: PostgresConnection) async throws {
        try await record([entry], on: connection)
    }

    /// Several entries in one statement; as the application role all must name the transaction's actor and request.
    public func record(_ entries: [AuditEntry], on connection: PostgresConnection) async throws {
        guard !entries.isEmpty else { return }
        try await connection.run("SELECT core.record_audit(\(try Self.json(entries))::jsonb)", logger: logger)
    }

    /// The read buffer's batch of entries from many requests, each with its own actor.
    func recordBuffered(_ entries: [AuditEntry], on connection: PostgresConnection) async throws {
        guard !entries.isEmpty else { return }
        try await connection.run("SELECT core.record_buffered_audit(\(try Self.json(entries))::jsonb)", logger: logger)
    }

    /// Entries as one JSON array (times as Unix seconds), which carries the optional fields' nulls.
    private static func json(_ entries: [AuditEntry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.timeIntervalSince1970)
        }
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }

    /// Newest first, at most `filter.limit` rows.
    public func query(_ filter: AuditFilter, on connection: PostgresConnection) async throws -> [AuditEntry] {
        let rows = try await connection.query(
            """
            SELECT at, actor, action, programme, entity, entity_id, child_id, outcome, request_id, client_address FROM core.audit
            WHERE (\(filter.child)::uuid IS NULL OR child_id = \(filter.child))
              AND (\(filter.actor)::text IS NULL OR actor = \(filter.actor))
              AND (\(filter.from)::timestamptz IS NULL OR at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR at < \(filter.to))
            ORDER BY at DESC, id DESC LIMIT \(filter.limit)
            """, logger: logger)
        var entries: [AuditEntry] = []
        for try await row in rows.decode((Date, String, String, String, String?, String?, UUID?, String, String?, String?).self) {
            entries.append(
                AuditEntry(
                    at: row.0, actor: row.1, action: row.2, programme: row.3, entity: row.4, entityID: row.5,
                    childID: row.6, outcome: row.7, requestID: row.8, clientAddress: row.9))
        }
        return entries
    }

    /// Deletes rows older than `before`; refuses a date less than 183 days ago. Runs as the owner (CLI).
    public func purge(before: CalendarDate, today: CalendarDate, on connection: PostgresConnection) async throws -> Int {
        let limit = today.adding(days: -Self.retentionDays)
        guard before <= limit else {
            throw Problem.invalid(
                "before", "审计日志至少保存 \(Self.retentionDays) 天: 只能清除 \(limit) 之前的记录",
                "audit rows are kept at least \(Self.retentionDays) days: the latest allowed date is \(limit)")
        }
        return try await connection.query(
            "WITH gone AS (DELETE FROM core.audit WHERE at < \(before.description)::date RETURNING 1) SELECT count(*) FROM gone",
            logger: logger
        )
        .decode(Int.self).first() ?? 0
    }
}
