import Boot
import Contract
import Crypto
import Foundation
import Hummingbird
import Synchronization
import TestSupport
import Testing

@Suite("通知外发 the notice webhook", .serialized)
struct NoticeWebhookTests {
    /// What the local webhook saw: every attempt, and the bodies it accepted with their signatures.
    final class Receiver: Sendable {
        let attempts = Mutex(0)
        let accepted = Mutex<[(body: Data, signature: String?, notice: String?)]>([])
        let failures: Int

        init(failing failures: Int) { self.failures = failures }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                let attempt = self.attempts.withLock { count in
                    count += 1
                    return count
                }
                guard attempt > self.failures else { return .serviceUnavailable }
                func header(_ name: String) -> String? { request.headers.first { $0.name.canonicalName == name }?.value }
                self.accepted.withLock { $0.append((body, header("x-tonghu-signature"), header("x-tonghu-notice"))) }
                return .ok
            }
            return router
        }
    }

    /// Runs a Hummingbird app on a free port while `body` runs with the port.
    func withWebhook(_ receiver: Receiver, _ body: (Int) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: receiver.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            group.cancelAll()
        }
    }

    @Test("a webhook that fails three times then succeeds receives the notice once, signed, without an ID number")
    func retriesThenDeliversOnce() async throws {
        let receiver = Receiver(failing: 3)
        try await withWebhook(receiver) { port in
            let webhook = NoticeWebhook(url: try #require(URL(string: "http://127.0.0.1:\(port)/hook")), secret: "test-secret")
            try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
                try await NoticeFixture.users(test)
                let notice = try #require(try await NoticeFixture.raise(test).first)
                let dispatcher = EventDispatcher(
                    database: test.platform.database, subscriptions: [webhook.subscription(logger: test.logger)], backoff: .milliseconds(20)
                )
                for _ in 0..<200 where receiver.accepted.withLock({ $0.isEmpty }) {
                    try await dispatcher.drain()
                    try await Task.sleep(for: .milliseconds(25))
                }
                try await dispatcher.drain()
                #expect(receiver.attempts.withLock { $0 } == 4)
                let accepted = receiver.accepted.withLock { $0 }
                #expect(accepted.count == 1)
                let delivery = try #require(accepted.first)
                #expect(delivery.notice == notice.uuidString)
                #expect(delivery.signature == webhook.signature(of: delivery.body))
                let expected =
                    "sha256="
                    + HMAC<SHA256>.authenticationCode(for: delivery.body, using: SymmetricKey(data: Data("test-secret".utf8)))
                    .map { String(format: "%02x", $0) }.joined()
                #expect(delivery.signature == expected)
                let text = String(decoding: delivery.body, as: UTF8.self)
                #expect(text.contains("甲**") && !text.contains("甲村童"), "\(text)")
                #expect(text.range(of: "[0-9]{15}", options: .regularExpression) == nil, "\(text)")
                let message = try JSONDecoder.iso8601.decode(NoticeMessage.self, from: delivery.body)
                #expect(message.recipient == "town-registrar" && message.level == 0 && message.subject == NoticeFixture.subject)
                let status = try await EventStatus.read(test.owner)
                #expect(status.deadLetters.isEmpty)
            }
        }
    }

    @Test("the webhook's settings: a URL needs a secret, and the secret is never printed")
    func settings() throws {
        let complete = Settings(environment: [
            "TONGHU_NOTICE_WEBHOOK_URL": "https://sms.example.cn/hook", "TONGHU_NOTICE_WEBHOOK_SECRET": "s3cret"
        ])
        let webhook = try #require(try complete.noticeWebhook())
        #expect(!"\(webhook)".contains("s3cret") && !String(reflecting: complete).contains("s3cret") && !"\(complete)".contains("s3cret"))
        #expect(throws: Problem.self) {
            try Settings(environment: ["TONGHU_NOTICE_WEBHOOK_URL": "https://sms.example.cn/hook"]).noticeWebhook()
        }
        #expect(throws: Problem.self) {
            try Settings(environment: ["TONGHU_NOTICE_WEBHOOK_URL": "ftp://x", "TONGHU_NOTICE_WEBHOOK_SECRET": "s"]).noticeWebhook()
        }
        #expect(try Settings(environment: [:]).noticeWebhook() == nil)
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
