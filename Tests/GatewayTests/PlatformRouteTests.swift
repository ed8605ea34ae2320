import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("health, metrics, OpenAPI and the district tree")
struct PlatformRouteTests {
    @Test("healthz and readyz answer without a token; metrics, without a configured token, are 404 (MetricsTests)")
    func operations() async throws {
        try await TestPlatform.with { test in
            try await test.withClient { client in
                #expect(try await client.call(.get, "/healthz").status == .ok)
                // Readiness has its own 2 s deadline: on a loaded machine (a suite's first wave of clusters starting) one check
                // may answer 503 and the next 200, so it is asked until ready, bounded only to catch a hang.
                var ready = try await client.call(.get, "/readyz")
                for _ in 0..<30 where ready.status != .ok {
                    try await Task.sleep(for: .seconds(1))
                    ready = try await client.call(.get, "/readyz")
                }
                #expect(ready.status == .ok)
                #expect(ready.body["status"] as? String == "ready")
                #expect(try await client.call(.get, "/metrics").status == .notFound)
            }
        }
    }

    @Test("the OpenAPI document lists exactly the routes this deployment serves")
    func openAPI() async throws {
        try await TestPlatform.with { test in
            try await test.withClient { client in
                let document = try await client.call(.get, "/openapi.json")
                #expect(document.status == .ok)
                let paths = try #require(document.body["paths"] as? [String: [String: Any]])
                #expect(
                    Set(paths.keys) == [
                        "/healthz", "/readyz", "/metrics", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me",
                        "/api/v1/auth/second-factor/enrol", "/api/v1/auth/second-factor/confirm",
                        "/api/v1/districts/{code}", "/api/v1/districts/{code}/children", "/api/v1/children", "/api/v1/children/{id}",
                        "/api/v1/children/lookup", "/api/v1/audit", "/api/v1/notices", "/api/v1/notices/{id}/read",
                        "/api/v1/notices/{id}/acknowledge", "/api/v1/schedule-items",
                        // The console's core pages (工作台): each is an endpoint, so the sweeps reach it.
                        "/", "/sign-in", "/sign-in/code", "/sign-out", "/home", "/districts", "/users", "/audit", "/audit/export",
                        "/users/new", "/users/{username}", "/users/{username}/grants", "/users/{username}/revoke",
                        "/users/{username}/lock", "/users/{username}/unlock", "/second-factor", "/second-factor/confirm",
                        "/language/{to}", "/static/console-2.css", "/static/console-2.js"
                    ])
                let register = try #require(paths["/api/v1/children"]?["post"] as? [String: Any])
                #expect(register["x-permission"] as? String == "core.child.register")
                // Every documented route is served: none answers "no such route".
                for path in paths.keys where !path.contains("{") {
                    for method in paths[path]!.keys {
                        let response = try await client.call(HTTPRequest.Method(method.uppercased())!, path)
                        #expect(response.body["type"] as? String != "https://tonghu.cn/problems/no-route", "\(method) \(path)")
                    }
                }
                #expect(
                    try await client.call(.get, "/api/v1/registry/children").body["type"] as? String
                        == "https://tonghu.cn/problems/no-route")
            }
        }
    }

    @Test("the district tree: one district, its sub-districts, bad and unknown codes")
    func districts() async throws {
        try await TestPlatform.with { test in
            try await test.user("viewer", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("viewer")
                let county = try await client.call(.get, "/api/v1/districts/320412000000", token: token)
                #expect(county.body["name"] as? String == "武进区")
                #expect(county.body["level"] as? Int == 3)
                let townships = try await client.call(.get, "/api/v1/districts/320412000000/children", token: token)
                let names = try #require(try JSONSerialization.jsonObject(with: Data(townships.text.utf8)) as? [[String: Any]]).compactMap {
                    $0["name"] as? String
                }
                #expect(names == ["湖塘镇", "牛塘镇"])
                #expect(try await client.call(.get, "/api/v1/districts/32041200", token: token).status == .unprocessableContent)
                #expect(try await client.call(.get, "/api/v1/districts/440000000000", token: token).status == .notFound)
                #expect(try await client.call(.get, "/api/v1/districts/320412000000").status == .unauthorized)
            }
        }
    }
}
