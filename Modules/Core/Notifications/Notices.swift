import Districts
import Events
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// 通知 — raises a rule's notices inside the caller's transaction, and reads and marks a user's inbox.
///
/// A programme raises with `context.notices.raise(…, on: connection)` in the transaction of the change that caused
/// it: the notices and their outbound messages (`NoticeMessage.topic`, for rules marked `outbound`) commit with it or
/// not at all. Raising again with the same rule and dedupe key creates nothing.
public struct Notices: Sendable {
    let events: EventPublisher
    let clock: WallClock
    let logger: Logger

    public init(events: EventPublisher, clock: WallClock, logger: Logger) {
        self.events = events
        self.clock = clock
        self.logger = logger
    }

    /// The settings under which `user` reads their own inbox (row-level security on `core.notices`).
    public static func readerSettings(user: UUID) -> [(name: String, value: String)] {
        [("tonghu.user", user.uuidString)]
    }

    /// Tells `rule.recipient`'s holders nearest `subject.district` (level 0). `title` and `text` may hold `{child}`,
    /// which becomes `child` (the child's name) where the rule shows names and its masked form otherwise. Returns the
    /// notices created: none when `dedupe` was raised before, or when nobody up to the province holds the role.
    ///
    /// Throws a 422 naming the field when a text or the subject id holds an ID number.
    @discardableResult
    public func raise(
        _ rule: NoticeRule, about subject: NoticeSubject, title: Localized, text: Localized, child: String? = nil, dedupe: String,
        on connection: PostgresConnection
    ) async throws -> [UUID] {
        let content = NoticeContent(
            rule: rule.id, dedupe: dedupe, title: NoticeText.render(title, child: child, showsName: rule.showsName),
            text: NoticeText.render(text, child: child, showsName: rule.showsName), subject: subject)
        try content.refuseIDNumbers()
        return try await deliver(content, level: 0, role: rule.recipient, from: subject.district, outbound: rule.outbound, on: connection)
            .created
    }

    /// Creates `content`'s notices at `level` for the holders of `role` nearest `district` (walking up), and their
    /// outbound messages. Returns the district they were found in (nil: nobody) and the notices created.
    func deliver(
        _ content: NoticeContent, level: Int, role: String, from district: DistrictCode, outbound: Bool, on connection: PostgresConnection
    ) async throws -> (district: DistrictCode?, created: [UUID]) {
        guard let (found, recipients) = try await Recipients.nearest(role, from: district, on: connection, logger: logger) else {
            logger.warning("notice has no recipient", metadata: ["rule": "\(content.rule)", "role": "\(role)", "district": "\(district)"])
            return (nil, [])
        }
        let raisedAt = clock.now()
        let created = try await connection.query(
            """
            SELECT notice, notice_recipient FROM core.insert_notices(
                \(recipients.map(\.id)), \(content.rule), \(content.dedupe), \(Int16(level)), \(found), \(content.title.zh),
                \(content.title.en), \(content.text.zh), \(content.text.en), \(content.subject.programme), \(content.subject.kind),
                \(content.subject.id), \(content.subject.district), \(raisedAt))
            """, logger: logger
        ).decode((UUID, UUID).self).collect()
        if outbound {
            let usernames = Dictionary(recipients.map { ($0.id, $0.username) }, uniquingKeysWith: { first, _ in first })
            for (notice, recipient) in created {
                let message = NoticeMessage(
                    notice: notice, recipient: usernames[recipient] ?? "", rule: content.rule, level: level, title: content.title,
                    text: content.text, subject: content.subject, raisedAt: raisedAt)
                try await events.publish(NoticeMessage.topic, message, district: content.subject.district, on: connection)
            }
        }
        return (found, created.map(\.0))
    }

    /// The reader's notices, newest first, after the keyset cursor `after`; only unread ones when `unread`.
    public func inbox(unread: Bool, after: UUID?, limit: Int, on connection: PostgresConnection) async throws -> [Notice] {
        try await Self.notices(
            connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM core.notices
                WHERE recipient = core.notice_reader() AND (NOT \(unread) OR read_at IS NULL) AND (\(after)::uuid IS NULL OR id < \(after))
                ORDER BY id DESC LIMIT \(limit)
                """, logger: logger))
    }

    /// Marks the reader's notice read (the first time stays); another user's notice is a 404.
    public func markRead(_ id: UUID, on connection: PostgresConnection) async throws -> Notice {
        let now = clock.now()
        return try await Self.one(
            connection.query(
                """
                UPDATE core.notices SET read_at = COALESCE(read_at, \(now))
                WHERE id = \(id) AND recipient = core.notice_reader() RETURNING \(unescaped: Self.columns)
                """, logger: logger))
    }

    /// Acknowledges the reader's notice, reading it too; an acknowledged level no longer escalates. Another user's
    /// notice is a 404.
    public func acknowledge(_ id: UUID, on connection: PostgresConnection) async throws -> Notice {
        let now = clock.now()
        return try await Self.one(
            connection.query(
                """
                UPDATE core.notices SET read_at = COALESCE(read_at, \(now)), acknowledged_at = COALESCE(acknowledged_at, \(now))
                WHERE id = \(id) AND recipient = core.notice_reader() RETURNING \(unescaped: Self.columns)
                """, logger: logger))
    }

    static func one(_ rows: PostgresRowSequence) async throws -> Notice {
        guard let notice = try await notices(rows).first else { throw Problem.notFound(Self.what) }
        return notice
    }

    static let what = Localized(zh: "通知", en: "Notice")
    static let columns =
        "id, rule, level, title_zh, title_en, text_zh, text_en, programme, subject_kind, subject_id, district, created_at, read_at, acknowledged_at"

    static func notices(_ rows: PostgresRowSequence) async throws -> [Notice] {
        var notices: [Notice] = []
        for try await row in rows {
            let (id, rule, level, titleZh, titleEn, textZh, textEn, programme, kind, subject, district, created, read, acknowledged) =
                try row.decode(
                    (UUID, String, Int16, String, String, String, String, String, String, String, DistrictCode, Date, Date?, Date?).self)
            notices.append(
                Notice(
                    id: id, rule: rule, level: Int(level), title: Localized(zh: titleZh, en: titleEn),
                    text: Localized(zh: textZh, en: textEn),
                    subject: NoticeSubject(programme: programme, kind: kind, id: subject, district: district), createdAt: created,
                    readAt: read, acknowledgedAt: acknowledged))
        }
        return notices
    }
}

/// A notice's content, the same at every level and for every recipient.
struct NoticeContent: Sendable {
    let rule: String
    let dedupe: String
    let title: Localized
    let text: Localized
    let subject: NoticeSubject

    func refuseIDNumbers() throws(Problem) {
        for (field, value) in [
            ("title", title.zh), ("title", title.en), ("text", text.zh), ("text", text.en), ("subject.id", subject.id), ("dedupe", dedupe)
        ] {
            try NoticeText.refuseIDNumbers(value, field: field)
        }
    }
}
