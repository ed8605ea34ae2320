import Crypto
import Events
import Foundation
import Logging
import Vocabulary

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// 通知外发 — the deployment's webhook for notices (the shape an SMS or WeChat-work gateway takes): each
/// `NoticeMessage` is POSTed as JSON with `X-Tonghu-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>`
/// and `X-Tonghu-Notice: <notice id>` (the receiver's idempotency key). Delivery is an event subscription, so it has
/// the dispatcher's retries, exponential backoff and dead letters (`tonghu events dead-letters`); any answer but 2xx,
/// or no answer within `timeout`, is a failed attempt.
///
/// Configured by `TONGHU_NOTICE_WEBHOOK_URL` and `TONGHU_NOTICE_WEBHOOK_SECRET` (`Settings`); the secret is never
/// logged or printed (`description` withholds it).
public struct NoticeWebhook: Sendable, CustomStringConvertible {
    public let url: URL
    let key: SymmetricKey
    let timeout: TimeInterval

    public init(url: URL, secret: String, timeout: TimeInterval = 10) {
        self.url = url
        self.key = SymmetricKey(data: Data(secret.utf8))
        self.timeout = timeout
    }

    public var description: String { "\(url) (secret withheld)" }

    /// The subscriber name in `core.event_subscriptions`.
    public static let subscriber = "core.notice-webhook"

    /// The subscription that delivers every outbound notice to this webhook.
    public func subscription(logger: Logger) -> EventSubscription {
        EventSubscription(subscriber: Self.subscriber, topic: NoticeMessage.topic) { message, _ in
            try await post(message)
            logger.info("notice delivered", metadata: ["notice": "\(message.notice)", "rule": "\(message.rule)"])
        }
    }

    /// `sha256=` and the hex HMAC-SHA256 of `body` under the secret.
    public func signature(of body: Data) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
    }

    static func body(_ message: NoticeMessage) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(message)
    }

    func post(_ message: NoticeMessage) async throws {
        let body = try Self.body(message)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(signature(of: body), forHTTPHeaderField: "X-Tonghu-Signature")
        request.setValue(message.notice.uuidString, forHTTPHeaderField: "X-Tonghu-Notice")
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw NoticeWebhookRefused(status: status) }
    }
}

/// The webhook answered something other than 2xx: the attempt failed and will be retried.
struct NoticeWebhookRefused: Error, CustomStringConvertible {
    let status: Int
    var description: String { "the notice webhook answered HTTP \(status)" }
}
