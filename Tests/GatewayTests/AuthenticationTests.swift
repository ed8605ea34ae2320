import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@Suite("登录与令牌 sign-in and tokens")
struct AuthenticationTests {
    @Test("/me shows the user and grants; logout ends the token")
    func meAndLogout() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                let me = try await client.call(.get, "/api/v1/me", token: token)
                #expect(me.status == .ok)
                #expect(me.body["username"] as? String == "hutang")
                let grants = try #require(me.body["grants"] as? [[String: Any]])
                #expect(grants.first?["role"] as? String == "core.registrar")
                #expect(grants.first?["district"] as? String == "320412100000")
                #expect(try await client.call(.post, "/api/v1/auth/logout", token: token).status == .noContent)
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized)
            }
        }
    }

    @Test("a token idle longer than the idle timeout is refused")
    func idleTimeout() async throws {
        var policy = AccessPolicy.fast
        policy.idleTimeout = .seconds(1)
        try await TestPlatform.with(accessPolicy: policy) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .ok)
                try await Task.sleep(for: .milliseconds(2_200))
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized)
            }
        }
    }

    @Test("a token past its absolute lifetime is refused even while in use")
    func absoluteLifetime() async throws {
        var policy = AccessPolicy.fast
        policy.absoluteLifetime = .seconds(1)
        try await TestPlatform.with(accessPolicy: policy) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .ok)
                try await Task.sleep(for: .milliseconds(1_200))
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized)
            }
        }
    }

    @Test("five wrong passwords lock the account, then even the right one gets 423")
    func lockout() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                for _ in 1...5 {
                    let wrong = try await client.call(.post, "/api/v1/auth/login", json: ["username": "hutang", "password": "wrong-password-123"])
                    #expect(wrong.status == .unauthorized)
                }
                let locked = try await client.call(.post, "/api/v1/auth/login", json: ["username": "hutang", "password": "correct-horse-battery"])
                #expect(locked.status.code == 423)
                #expect(locked.body["type"] as? String == "https://tonghu.cn/problems/account-locked")
            }
        }
    }

    @Test("an unknown user and a wrong password give the same answer")
    func noUserEnumeration() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let unknown = try await client.call(.post, "/api/v1/auth/login", json: ["username": "nobody", "password": "whatever-password"])
                let wrong = try await client.call(.post, "/api/v1/auth/login", json: ["username": "hutang", "password": "whatever-password"])
                #expect(unknown.status == wrong.status)
                #expect(unknown.body["detail"] as? String == wrong.body["detail"] as? String)
            }
        }
    }

    @Test("a user without the permission gets 403 naming it")
    func forbidden() async throws {
        try await TestPlatform.with { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                let token = try await client.login("auditor")
                let response = try await client.call(.post, "/api/v1/children", token: token, json: ChildrenRouteTests.newChild(ChildrenRouteTests.idA))
                #expect(response.status == .forbidden)
                #expect(response.body["permission"] as? String == "core.child.register")
            }
        }
    }
}
