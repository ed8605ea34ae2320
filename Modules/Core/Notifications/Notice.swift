import Foundation
import Vocabulary

/// 通知 — one notice in a user's inbox: what happened, about what, under which rule, at which level (0 for the first
/// recipients, + 1 per escalation), and when it was raised, read and acknowledged.
public struct Notice: Sendable, Codable, Equatable {
    public let id: UUID
    public let rule: String
    public let level: Int
    public let title: Localized
    public let text: Localized
    public let subject: NoticeSubject
    public let createdAt: Date
    public let readAt: Date?
    public let acknowledgedAt: Date?

    public init(
        id: UUID, rule: String, level: Int, title: Localized, text: Localized, subject: NoticeSubject, createdAt: Date, readAt: Date?,
        acknowledgedAt: Date?
    ) {
        self.id = id
        self.rule = rule
        self.level = level
        self.title = title
        self.text = text
        self.subject = subject
        self.createdAt = createdAt
        self.readAt = readAt
        self.acknowledgedAt = acknowledgedAt
    }
}
