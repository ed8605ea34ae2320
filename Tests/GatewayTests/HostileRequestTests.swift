import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Requests a fuzzer or a hostile colleague sends, each answered with a clear 4xx problem and the gateway still up.
@Suite("Hostile requests")
struct HostileRequestTests {
    @Test("NUL in the login body, a query parameter or a path parameter is a 422 naming the field")
    func nul() async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: "core.admin", district: TestPlatform.county)
            try await test.withClient { client in
                let login = try await client.call(.post, "/api/v1/auth/login", raw: #"{"username":"ad\u0000min","password":"x"}"#)
                #expect(login.status == .unprocessableContent)
                #expect(login.body["field"] as? String == "username")
                let token = try await client.login("admin")
                let query = try await client.call(.get, "/api/v1/audit?actor=a%00b", token: token)
                #expect(query.status == .unprocessableContent)
                #expect(query.body["field"] as? String == "actor")
                let path = try await client.call(.get, "/api/v1/districts/3204%0012", token: token)
                #expect(path.status.code == 422 || path.status.code == 404, "\(path.text)")
                let nested = try await client.call(
                    .post, "/api/v1/children", token: token,
                    raw:
                        #"{"idNumber":"320412201505050015","name":"张\u0000","residenceDistrict":"320412100201","hukouDistrict":"320412100201"}"#
                )
                #expect(nested.status == .unprocessableContent)
                #expect(nested.body["field"] as? String == "name")
            }
        }
    }

    @Test("a 20-digit date in a query is a 422, and the gateway keeps answering")
    func longDate() async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: "core.admin", district: TestPlatform.county)
            try await test.withClient { client in
                let token = try await client.login("admin")
                for name in ["from", "to"] {
                    let response = try await client.call(.get, "/api/v1/audit?\(name)=99999999999999999999", token: token)
                    #expect(response.status == .unprocessableContent)
                    #expect(response.body["field"] as? String == name)
                }
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .ok)
            }
        }
    }

    @Test("TRACE, PUT and DELETE on a served path are 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await TestPlatform.with { test in
            try await test.withClient { client in
                for method in [HTTPRequest.Method.trace, .put, .delete] {
                    let response = try await client.call(method, "/api/v1/me")
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
                let login = try await client.call(.get, "/api/v1/auth/login")
                #expect(login.status == .methodNotAllowed)
                #expect(login.headers[.allow] == "POST")
                #expect(try await client.call(.trace, "/api/v1/nowhere").status == .notFound)
            }
        }
    }
}
