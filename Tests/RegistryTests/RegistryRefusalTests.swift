import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// The database's refusals — row-level security, a unique constraint lost in a race — reach the caller as 403 and 409,
/// never as 500.
@Suite("台账 database refusals as 4xx")
struct RegistryRefusalTests {
    @Test("a worker appointed to a district outside the manager's scope is refused with 403 or 422, not 500")
    func workerOutsideScope() async throws {
        try await RegistryFixture.with { test, client, _ in
            try await test.user("niutang-manager", role: "registry.manager", district: TestPlatform.townshipB)
            let token = try await client.login("niutang-manager")
            let response = try await client.call(
                .post, "/api/v1/registry/workers", token: token,
                json: ["district": TestPlatform.villageA.description, "role": "director", "name": "王芳", "appointedOn": "2025-03-01"])
            #expect([403, 422].contains(response.status.code), "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test("two transfer proposals racing for one child: one is created, the other is a 409")
    func racingTransfers() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            for round in 0..<5 {
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await client.call(
                                .post, "/api/v1/registry/children/\(id)/transfers", token: tokens.director,
                                json: ["toDistrict": TestPlatform.villageB.description, "reason": "迁居"]
                            ).status.code
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }.sorted()
                }
                #expect(statuses == [201, 409], "round \(round): \(statuses)")
                let transfer = try await client.call(.get, "/api/v1/registry/transfers?direction=outgoing", token: tokens.director)
                let open = try #require((transfer.body["transfers"] as? [[String: Any]])?.first?["id"] as? Int)
                #expect(
                    try await client.call(.post, "/api/v1/registry/transfers/\(open)/withdraw", token: tokens.director, json: [:]).status
                        .code < 300)
            }
        }
    }
}
