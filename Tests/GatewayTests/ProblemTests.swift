import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("problem+json errors")
struct ProblemTests {
    func withAdmin(_ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: "core.admin", district: TestPlatform.county)
            try await test.withClient { client in try await body(client, try await client.login("admin")) }
        }
    }

    @Test("malformed JSON is 400")
    func malformed() async throws {
        try await withAdmin { client, token in
            let response = try await client.call(.post, "/api/v1/children", token: token, raw: "{\"idNumber\": ")
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(response.body["type"] as? String == "https://tonghu.cn/problems/malformed-request")
        }
    }

    @Test("a missing token is 401")
    func missingToken() async throws {
        try await withAdmin { client, _ in
            let response = try await client.call(.get, "/api/v1/children/\(UUID())")
            #expect(response.status == .unauthorized)
            #expect(response.body["type"] as? String == "https://tonghu.cn/problems/unauthenticated")
        }
    }

    @Test(
        "validation failures are 422 naming the field",
        arguments: [
            (
                "idNumber",
                ["idNumber": "320412201505050016", "name": "李四", "residenceDistrict": "320412100201", "hukouDistrict": "320412100201"]
            ),
            (
                "residenceDistrict",
                ["idNumber": "320412201505050015", "name": "李四", "residenceDistrict": "320412100299", "hukouDistrict": "320412100201"]
            ),
            (
                "hukouDistrict",
                ["idNumber": "320412201505050015", "name": "李四", "residenceDistrict": "320412100201", "hukouDistrict": "3204121"]
            ),
            ("name", ["idNumber": "320412201505050015", "name": " ", "residenceDistrict": "320412100201", "hukouDistrict": "320412100201"]),
            ("name", ["idNumber": "320412201505050015", "residenceDistrict": "320412100201", "hukouDistrict": "320412100201"])
        ])
    func validation(_ field: String, _ body: [String: String]) async throws {
        try await withAdmin { client, token in
            let response = try await client.call(.post, "/api/v1/children", token: token, json: body)
            #expect(response.status == .unprocessableContent)
            #expect(response.body["field"] as? String == field)
            #expect((response.body["detail"] as? String)?.isEmpty == false)
        }
    }

    @Test("an oversized body is 413")
    func oversized() async throws {
        try await withAdmin { client, token in
            let huge = "{\"idNumber\":\"" + String(repeating: "1", count: 2 << 20) + "\"}"
            let response = try await client.call(.post, "/api/v1/children", token: token, raw: huge)
            #expect(response.status == .contentTooLarge)
            #expect(response.body["type"] as? String == "https://tonghu.cn/problems/payload-too-large")
        }
    }

    @Test("English by Accept-Language, Chinese by default")
    func language() async throws {
        try await withAdmin { client, _ in
            let chinese = try await client.call(.get, "/api/v1/me")
            #expect((chinese.body["detail"] as? String)?.contains("登录") == true)
            let english = try await client.call(.get, "/api/v1/me", headers: [.acceptLanguage: "en-US,en;q=0.9"])
            #expect((english.body["detail"] as? String)?.contains("token") == true)
        }
    }
}
