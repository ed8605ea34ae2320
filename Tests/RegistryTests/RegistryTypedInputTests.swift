import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// Query and path inputs as the kit declares them: each bad value a 422 naming the parameter (Chinese by default,
/// English on request), defaults where documented, a district outside the caller's scope a 404 before anything runs.
@Suite("类型化参数 typed query and path inputs")
struct RegistryTypedInputTests {
    @Test(
        "a value outside its declaration is a 422 naming the parameter",
        arguments: [
            ("/api/v1/registry/children?limit=501", "limit"), ("/api/v1/registry/children?limit=0", "limit"),
            ("/api/v1/registry/children?colour=purple", "colour"), ("/api/v1/registry/children?overdue=yes", "overdue"),
            ("/api/v1/registry/children?minAge=31", "minAge"), ("/api/v1/registry/children?after=last", "after"),
            ("/api/v1/registry/children?district=3204121", "district"), ("/api/v1/registry/transfers?status=lost", "status"),
            ("/api/v1/registry/transfers?direction=sideways", "direction"),
            ("/api/v1/registry/workers?district=320412100000&role=boss", "role"),
            ("/api/v1/registry/workers?district=320412100000&all=1", "all"),
            ("/api/v1/registry/worklists/due-soon?district=320412100000&days=91", "days"),
            ("/api/v1/registry/worklists/overdue", "district"), ("/api/v1/registry/survey-rounds?limit=101", "limit")
        ])
    func invalid(_ uri: String, _ field: String) async throws {
        try await RegistryFixture.with { _, client, tokens in
            let chinese = try await client.call(.get, uri, token: tokens.supervisor)
            #expect(chinese.status == .unprocessableContent, "\(uri): \(chinese.text)")
            #expect(chinese.body["field"] as? String == field, "\(uri): \(chinese.text)")
            #expect((chinese.body["detail"] as? String)?.contains(field) == true)
            let english = try await client.call(.get, uri, token: tokens.supervisor, headers: [.acceptLanguage: "en"])
            #expect(english.body["field"] as? String == field)
            #expect(english.body["title"] as? String == "Invalid input", "\(english.text)")
        }
    }

    @Test("a district outside the caller's scope is a 404 on every read that takes one, the CSV export included, before it starts")
    func outOfScope() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let sibling = TestPlatform.townshipB.description
            for uri in [
                "/api/v1/registry/children?district=\(sibling)", "/api/v1/registry/exports/roster?district=\(sibling)",
                "/api/v1/registry/worklists/overdue?district=\(sibling)", "/api/v1/registry/indicators?district=\(sibling)",
                "/api/v1/registry/workforce/coverage?district=\(sibling)", "/api/v1/registry/transfers?district=\(sibling)"
            ] {
                let response = try await client.call(.get, uri, token: tokens.supervisor)
                #expect(response.status == .notFound, "\(uri): \(response.status) \(response.text.prefix(200))")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(uri)")
            }
            // The vocabulary takes a district only to choose the categories in force there.
            #expect(try await client.call(.get, "/api/v1/registry/categories?district=\(sibling)", token: tokens.supervisor).status == .ok)
        }
    }

    @Test("path identifiers that cannot exist are 404s; defaults apply when a parameter is absent")
    func pathsAndDefaults() async throws {
        try await RegistryFixture.with { _, client, tokens in
            for uri in [
                "/api/v1/registry/children/not-a-uuid", "/api/v1/registry/workers/12abc", "/api/v1/registry/survey-rounds/x/progress"
            ] {
                #expect(try await client.call(.get, uri, token: tokens.supervisor).status == .notFound, "\(uri)")
            }
            let transfers = try await client.call(.get, "/api/v1/registry/transfers", token: tokens.supervisor)
            #expect(transfers.status == .ok && transfers.body["transfers"] is [Any], "\(transfers.text)")
            let roster = try await client.call(.get, "/api/v1/registry/children", token: tokens.supervisor)
            #expect(roster.status == .ok && roster.body["children"] is [Any], "\(roster.text)")
        }
    }
}
