import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// 通知 — the caller's own inbox under `/api/v1/notices`: list (newest first, keyset paged, unread only on request),
/// mark read, acknowledge. Every statement runs as the caller's user (`Notices.readerSettings`), so row-level security
/// answers another user's notice as if it did not exist (404).
struct NoticeEndpoints {
    static let notice = Localized(zh: "通知", en: "Notice")
    static let id = PathInput.uuid("id", notice)
    static let unread = QueryInput.boolean("unread", "只列未读通知", default: false)
    static let limit = QueryInput.integer("limit", "每页条数", in: 1...200, default: 50)

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/notices", summary: .init(zh: "我的通知", en: "My notices"), access: .signedIn,
                inputs: [Self.unread, QueryInput.after, Self.limit], response: .json(NoticePage.self)
            ) { _, call in
                let unread = try call.input(Self.unread)
                let after = try call.input(QueryInput.after)
                let limit = try call.input(Self.limit)
                let notices = try await Self.asReader(call) { notices, connection in
                    try await notices.inbox(unread: unread, after: after, limit: limit + 1, on: connection)
                }
                return try call.json(
                    NoticePage(notices: Array(notices.prefix(limit)), next: notices.count > limit ? notices[limit - 1].id : nil))
            },
            Endpoint(
                .post, "/notices/{id}/read", summary: .init(zh: "标记通知已读", en: "Mark a notice read"), access: .signedIn,
                inputs: [Self.id], response: .json(Notice.self)
            ) { _, call in
                let id = try call.input(Self.id)
                return try call.json(
                    try await Self.asReader(call) { notices, connection in try await notices.markRead(id, on: connection) })
            },
            Endpoint(
                .post, "/notices/{id}/acknowledge",
                summary: .init(zh: "确认收到通知 (停止逐级上报)", en: "Acknowledge a notice (stops its escalation)"),
                access: .signedIn, inputs: [Self.id], response: .json(Notice.self)
            ) { _, call in
                let id = try call.input(Self.id)
                return try call.json(
                    try await Self.asReader(call) { notices, connection in try await notices.acknowledge(id, on: connection) })
            }
        ]
    }

    /// `body` in a transaction as the signed-in caller's user.
    static func asReader<T: Sendable>(_ call: Call, _ body: @Sendable (Notices, PostgresConnection) async throws -> T) async throws -> T {
        guard let principal = call.principal else { throw Problem.unauthenticated }
        let notices = call.context.notices
        return try await call.context.database.transaction(
            settings: call.transactionSettings() + Notices.readerSettings(user: principal.userID)
        ) { connection in try await body(notices, connection) }
    }
}

/// One page of the caller's notices; `next` is the cursor (`after`) of the following page.
struct NoticePage: DocumentedBody {
    let notices: [Notice]
    let next: UUID?

    static var examples: [NoticePage] {
        get throws {
            let notice = try Notice.examples[0]
            return [NoticePage(notices: [notice], next: notice.id), NoticePage(notices: [], next: nil)]
        }
    }
}

extension Notice: DocumentedBody {
    public static var examples: [Notice] {
        get throws {
            let read = """
                {"id":"0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B","rule":"registry.red-visit-overdue","level":1,
                "title":{"zh":"红色儿童走访逾期","en":"Visit of a red child overdue"},
                "text":{"zh":"甲**(红色)的走访已于 2026-11-20 到期","en":"The visit of 甲** (red) was due on 2026-11-20"},
                "subject":{"programme":"registry","kind":"file","id":"6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B","district":"320412100201"},
                "createdAt":"2026-11-21T01:00:00Z","readAt":"2026-11-21T02:00:00Z","acknowledgedAt":"2026-11-21T02:05:00Z"}
                """
            let unread = read.replacingOccurrences(
                of: #","readAt":"2026-11-21T02:00:00Z","acknowledgedAt":"2026-11-21T02:05:00Z""#, with: "")
            return [try decoded(read), try decoded(unread)]
        }
    }
}
