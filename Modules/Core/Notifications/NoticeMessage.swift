import Foundation
import Vocabulary

/// What goes out through the webhook for one notice (the JSON an SMS or WeChat-work gateway receives): the recipient's
/// username, the texts as the inbox shows them and the subject. Never an ID number.
public struct NoticeMessage: Sendable, Codable, Equatable {
    public let notice: UUID
    public let recipient: String
    public let rule: String
    public let level: Int
    public let title: Localized
    public let text: Localized
    public let subject: NoticeSubject
    public let raisedAt: Date

    /// Published in the raising transaction (the outbox), delivered by the webhook's subscription.
    public static let topic = EventTopic<NoticeMessage>("core.notice.raised")
}
