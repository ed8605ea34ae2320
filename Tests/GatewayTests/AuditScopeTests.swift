import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// `GET /api/v1/audit` as the auditors and administrators of two sibling townships and of their county.
@Suite("审计日志按辖区 audit trail by district")
struct AuditScopeTests {
    struct Row: Decodable {
        let actor: String
        let action: String
        let childID: UUID?
        let requestID: String?
    }

    /// The rows `token` gets from the route (newest first).
    static func rows(_ client: any TestClientProtocol, _ token: String, query: String = "") async throws -> [Row] {
        let response = try await client.call(.get, "/api/v1/audit\(query)", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return try JSONDecoder().decode([Row].self, from: Data(response.text.utf8))
    }

    /// Registers `child` as the holder of `token`; its id.
    static func register(_ client: any TestClientProtocol, _ token: String, _ child: [String: Any]) async throws -> UUID {
        let created = try await client.call(.post, "/api/v1/children", token: token, json: child)
        return try #require(UUID(uuidString: created.body["id"] as? String ?? ""), "\(created.text)")
    }

    @Test("a sibling township's auditor or administrator sees none of the other's rows; the county's auditor sees both")
    func siblingTownships() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.user("niutang", role: "core.registrar", district: TestPlatform.townshipB)
            try await test.user("audit-a", role: "core.auditor", district: TestPlatform.townshipA)
            try await test.user("audit-b", role: "core.auditor", district: TestPlatform.townshipB)
            try await test.user("admin-b", role: "core.admin", district: TestPlatform.townshipB)
            try await test.user("audit-county", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                let registrarA = try await client.login("hutang")
                let registrarB = try await client.login("niutang")
                let childA = try await Self.register(client, registrarA, ChildrenRouteTests.newChild(ChildrenRouteTests.idA))
                let childB = try await Self.register(
                    client, registrarB, ChildrenRouteTests.newChild(ChildrenRouteTests.idB, village: TestPlatform.villageB))
                #expect(try await client.call(.get, "/api/v1/children/\(childA)", token: registrarA).status == .ok)
                #expect(try await client.call(.get, "/api/v1/children/\(childB)", token: registrarB).status == .ok)
                let auditorA = try await client.login("audit-a")
                let auditorB = try await client.login("audit-b")
                let adminB = try await client.login("admin-b")
                let county = try await client.login("audit-county")
                try await test.platform.context.auditReads.flush()

                let everything = try await test.owner.withConnection { try await test.platform.context.audit.query(AuditFilter(), on: $0) }
                let requestsOfA = Set(everything.filter { $0.actor == "hutang" }.compactMap(\.requestID))
                let requestsOfB = Set(everything.filter { $0.actor == "niutang" }.compactMap(\.requestID))
                #expect(requestsOfA.count >= 3 && requestsOfB.count >= 3, "login, registration and read of each registrar")

                for (name, token) in [("audit-b", auditorB), ("admin-b", adminB)] {
                    let seen = try await Self.rows(client, token)
                    #expect(
                        seen.contains { $0.childID == childB && $0.action == "child.register" },
                        "\(name) sees its own township's registration")
                    #expect(seen.contains { $0.actor == "niutang" && $0.action == "login" }, "\(name) sees its own staff sign in")
                    #expect(
                        !seen.contains { $0.childID == childA || $0.actor == "hutang" || requestsOfA.contains($0.requestID ?? "") },
                        "\(name) sees township A's rows: \(seen)")
                    #expect(try await Self.rows(client, token, query: "?child=\(childA)").isEmpty)
                    #expect(try await Self.rows(client, token, query: "?actor=hutang").isEmpty)
                }
                let seenByA = try await Self.rows(client, auditorA)
                #expect(seenByA.contains { $0.childID == childA })
                #expect(
                    !seenByA.contains { $0.childID == childB || $0.actor == "niutang" || requestsOfB.contains($0.requestID ?? "") },
                    "\(seenByA)")

                let seenByCounty = try await Self.rows(client, county)
                for (child, registrar) in [(childA, "hutang"), (childB, "niutang")] {
                    #expect(Set(seenByCounty.filter { $0.childID == child }.map(\.action)) == ["child.register", "child.read"])
                    #expect(seenByCounty.contains { $0.actor == registrar && $0.action == "login" })
                }
            }
        }
    }
}
