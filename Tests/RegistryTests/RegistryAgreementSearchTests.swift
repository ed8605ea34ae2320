import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

@Suite("委托照护协议 and name search")
struct RegistryAgreementSearchTests {
    @Test("an agreement on file raises the signing rate among left-behind children; ending it keeps the record")
    func agreements() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let agreement: [String: Any] = [
                "carerName": "张奶奶", "relationship": "祖母", "starts": "2024-03-01", "signedOn": "2024-03-01", "weeklyContact": true
            ]
            let recorded = try await client.call(
                .post, "/api/v1/registry/children/\(id)/agreements", token: tokens.director, json: agreement)
            #expect(recorded.status == .created, "\(recorded.text)")
            let on = try #require((recorded.body["careAgreements"] as? [[String: Any]])?.first)
            #expect(on["carerName"] as? String == "张奶奶")
            var indicators = try await client.call(.get, "/api/v1/registry/indicators?district=320412100000", token: tokens.supervisor)
            #expect(indicators.body["agreementSigningRate"] as? Double == 1)

            var future = agreement
            future["signedOn"] = WallClock.system.today().adding(days: 3).description
            #expect(
                try await client.call(.post, "/api/v1/registry/children/\(id)/agreements", token: tokens.director, json: future).body[
                    "field"] as? String == "signedOn")
            var nameless = agreement
            nameless["carerName"] = "  "
            #expect(
                try await client.call(.post, "/api/v1/registry/children/\(id)/agreements", token: tokens.director, json: nameless).body[
                    "field"] as? String == "carerName")
            #expect(
                try await client.call(.post, "/api/v1/registry/children/\(id)/agreements", token: tokens.otherDirector, json: agreement)
                    .status == .notFound)

            let agreementID = try #require(on["id"] as? Int)
            let ended = try await client.call(
                .post, "/api/v1/registry/agreements/\(agreementID)/end", token: tokens.director, json: ["ends": "2026-10-01"])
            #expect((ended.body["careAgreements"] as? [[String: Any]])?.first?["ends"] as? String == "2026-10-01")
            indicators = try await client.call(.get, "/api/v1/registry/indicators?district=320412100000", token: tokens.supervisor)
            #expect(indicators.body["agreementSigningRate"] as? Double == 0)
        }
    }

    @Test("staff find 张三明 by zsm, ZS or 张三; a polyphonic surname by either reading")
    func pinyinSearch() async throws {
        try await RegistryFixture.with { _, client, tokens in
            _ = try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
            var other = RegistryFixture.leftBehind("320412201406060023")
            other["name"] = "曾小红"
            _ = try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: other)
            func names(_ query: String) async throws -> [String] {
                let roster = try await client.call(
                    .get, "/api/v1/registry/children?name=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                    token: tokens.director)
                return (roster.body["children"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted() ?? []
            }
            #expect(try await names("zsm") == ["张三明"])
            #expect(try await names("ZS") == ["张三明"])
            #expect(try await names("张三") == ["张三明"])
            #expect(try await names("zxh") == ["曾小红"])
            #expect(try await names("cxh") == ["曾小红"])
            #expect(try await names("x").isEmpty)
        }
    }
}
