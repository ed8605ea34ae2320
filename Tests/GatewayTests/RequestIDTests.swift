import Contract
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("request ids (请求号) on every answer")
struct RequestIDTests {
    @Test("an answer carries its request's id: a sane X-Request-Id is kept, anything else replaced by a fresh one per request")
    func requestIDs() async throws {
        try await TestPlatform.with { test in
            try await test.withClient { client in
                let first = try await client.call(.get, "/healthz")
                let second = try await client.call(.get, "/healthz")
                #expect(first.text == #"{"status":"ok"}"#)
                let (a, b) = (try #require(first.headers[.requestID]), try #require(second.headers[.requestID]))
                #expect(!a.isEmpty && !b.isEmpty && a != b)

                let kept = try await client.call(.get, "/healthz", headers: [.requestID: "proxy-7f3a-0001"])
                #expect(kept.headers[.requestID] == "proxy-7f3a-0001")
                let replaced = try await client.call(.get, "/healthz", headers: [.requestID: "x\"; DROP"])
                let fresh = try #require(replaced.headers[.requestID])
                #expect(fresh != "x\"; DROP" && !fresh.isEmpty && fresh != a && fresh != b)

                // A problem names the request it answers, so a caller can quote it.
                let missing = try await client.call(.get, "/api/v1/no-such-route")
                #expect(missing.status == .notFound)
                #expect(missing.body["instance"] as? String == missing.headers[.requestID])
            }
        }
    }
}
