import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

/// `Call.reveal`: unmasked numbers are decided per child by its districts, in one answer or list, each view audited.
@Suite("明文查看 reveal per district")
struct RevealTests {
    static let mine = "320412201505050015"
    static let sibling = "320412201406060023"

    /// Signs in `split`, holding `wide` in the whole county and `narrow` only in 湖塘镇, after the county manager opened
    /// files for a child of 马杭村 (湖塘镇) and one of 卢家巷村 (牛塘镇); the token and the two children's ids.
    static func split(
        _ test: TestPlatform, _ client: any TestClientProtocol, _ tokens: RegistryFixture.Tokens, wide: String, narrow: String
    ) async throws -> (token: String, mine: UUID, sibling: UUID) {
        try await test.user("split", role: wide, district: TestPlatform.county)
        try await test.user("split", role: narrow, district: TestPlatform.townshipA)
        func open(_ id: String, _ village: DistrictCode) async throws -> UUID {
            let created = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.manager, json: RegistryFixture.leftBehind(id, village: village))
            let id = try #require(created.body["id"] as? String)
            return try #require(UUID(uuidString: id))
        }
        return (
            try await client.login("split"), try await open(mine, TestPlatform.villageA), try await open(sibling, TestPlatform.villageB)
        )
    }

    static func reveals(_ test: TestPlatform, actor: String, action: String) async throws -> [UUID?] {
        try await test.platform.context.auditReads.flush()
        return try await test.owner.withConnection {
            try await test.platform.context.audit.query(AuditFilter(actor: actor), on: $0)
        }.filter { $0.action == action }.map(\.childID)
    }

    @Test("registry.pii.read in one township: its child unmasked, a sibling township's masked, in one export and on each file")
    func registry() async throws {
        try await RegistryFixture.with { test, client, tokens in
            // Supervises (reads, exports) the whole county; holds registry.pii.read only in 湖塘镇.
            let (token, mine, sibling) = try await Self.split(test, client, tokens, wide: "registry.supervisor", narrow: "registry.manager")

            let own = try await client.call(.get, "/api/v1/registry/children/\(mine)", token: token)
            #expect(own.body["idNumber"] as? String == Self.mine)
            #expect((own.body["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "13812345678")
            let other = try await client.call(.get, "/api/v1/registry/children/\(sibling)", token: token)
            #expect(other.status == .ok)
            #expect(other.body["idNumber"] == nil)
            #expect((other.body["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "138****5678")

            let export = try await client.call(.get, "/api/v1/registry/exports/roster?district=320412000000", token: token)
            let lines = export.text.split(separator: "\r\n")
            let ownLine = try #require(lines.first { $0.hasPrefix(mine.uuidString) })
            let otherLine = try #require(lines.first { $0.hasPrefix(sibling.uuidString) })
            #expect(ownLine.contains(Self.mine) && ownLine.contains("13812345678"), "\(ownLine)")
            #expect(!otherLine.contains(Self.sibling) && otherLine.contains("320412********0023"), "\(otherLine)")
            #expect(!otherLine.contains("13812345678"), "\(otherLine)")

            // One audit row per unmasked view (the file, then its export row); none for the masked child.
            #expect(try await Self.reveals(test, actor: "split", action: "pii.reveal") == [mine, mine])
        }
    }

    @Test("core.child.reveal in one township: the master index answers the number there, masked for a sibling township's child")
    func core() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let (token, mine, sibling) = try await Self.split(test, client, tokens, wide: "core.registrar", narrow: "core.admin")

            let own = try await client.call(.get, "/api/v1/children/\(mine)", token: token)
            #expect(own.body["idNumber"] as? String == Self.mine)
            let other = try await client.call(.get, "/api/v1/children/\(sibling)", token: token)
            #expect(other.status == .ok)
            #expect(other.body["idNumber"] == nil)
            #expect(other.body["idNumberMasked"] as? String == "320412********0023")
            let lookedUp = try await client.call(.post, "/api/v1/children/lookup", token: token, json: ["idNumber": Self.sibling])
            #expect(lookedUp.status == .ok)
            #expect(lookedUp.body["idNumber"] == nil)

            #expect(try await Self.reveals(test, actor: "split", action: "child.reveal") == [mine])
        }
    }
}
