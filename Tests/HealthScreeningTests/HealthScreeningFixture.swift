import Contract
import Foundation
import HummingbirdTesting
import TestSupport

@testable import HealthScreening

/// Staff in two sibling townships (湖塘镇 and 牛塘镇, both in 武进区) and a county viewer, signed in.
struct HealthScreeningFixture {
    struct Tokens: Sendable {
        /// Staff of 湖塘镇 (`TestPlatform.townshipA`).
        let staff: String
        /// Staff of the sibling township 牛塘镇 (`TestPlatform.townshipB`).
        let sibling: String
        /// A read-only viewer of the county.
        let viewer: String
    }

    static func with(_ body: @escaping @Sendable (TestPlatform, any TestClientProtocol, Tokens) async throws -> Void) async throws {
        try await TestPlatform.with(programmes: [HealthScreeningProgramme()]) { test in
            try await test.user("staff", role: "health-screening.staff", district: TestPlatform.townshipA)
            try await test.user("sibling", role: "health-screening.staff", district: TestPlatform.townshipB)
            try await test.user("viewer", role: "health-screening.viewer", district: TestPlatform.county)
            try await test.withClient { client in
                let tokens = Tokens(
                    staff: try await client.login("staff"), sibling: try await client.login("sibling"),
                    viewer: try await client.login("viewer"))
                try await body(test, client, tokens)
            }
        }
    }

    /// Adds a note in a village of 湖塘镇 as its staff; returns its id.
    static func addNote(_ client: any TestClientProtocol, _ tokens: Tokens, body: String = "三月走访计划已排定") async throws -> String {
        let added = try await client.call(
            .post, "/api/v1/health-screening/notes", token: tokens.staff,
            json: ["district": TestPlatform.villageA.description, "body": body])
        guard added.status == .created, let id = added.body["id"] as? String else {
            throw TestFailure("adding a note failed: \(added.status) \(added.text)")
        }
        return id
    }
}
