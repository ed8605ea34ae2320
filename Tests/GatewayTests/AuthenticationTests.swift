import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Access

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
        // Seconds, not one: on a loaded machine (the whole suite, a scaffold build beside it) the first call after
        // the sign-in took longer than a one-second idle timeout and was refused before the token had been idle.
        policy.idleTimeout = .seconds(4)
        try await TestPlatform.with(accessPolicy: policy) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .ok)
                try await Task.sleep(for: .milliseconds(5_500))
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized)
            }
        }
    }

    @Test("a token past its absolute lifetime is refused even while in use")
    func absoluteLifetime() async throws {
        var policy = AccessPolicy.fast
        // Seconds, as for the idle timeout: a loaded machine's first call after the sign-in can take one.
        policy.absoluteLifetime = .seconds(4)
        try await TestPlatform.with(accessPolicy: policy) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .ok)
                try await Task.sleep(for: .milliseconds(4_500))
                #expect(try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized)
            }
        }
    }

    @Test("an unknown user, a disabled account and a wrong password get the same 401, and none is locked out")
    func noUserEnumeration() async throws {
        try await TestPlatform.with(accessPolicy: Self.slowBackoff) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.user("tinglan", role: "core.registrar", district: TestPlatform.townshipA)
            try await Users(database: test.owner, policy: .fast, roles: test.platform.context.roles).disable("tinglan")
            try await test.withClient { client in
                let unknown = try await client.call(
                    .post, "/api/v1/auth/login", json: ["username": "nobody", "password": "whatever-password"])
                let wrong = try await client.call(
                    .post, "/api/v1/auth/login", json: ["username": "hutang", "password": "whatever-password"])
                let disabled = try await client.call(
                    .post, "/api/v1/auth/login", json: ["username": "tinglan", "password": "correct-horse-battery"])
                for answer in [unknown, wrong, disabled] {
                    #expect(answer.status == .unauthorized)
                    #expect(Self.withoutInstance(answer.body) == Self.withoutInstance(unknown.body))
                    #expect(answer.headers[.contentType] == unknown.headers[.contentType])
                }
                #expect(unknown.body["type"] as? String == "https://tonghu.cn/problems/bad-credentials")
                // Six empty passwords (once a 15-minute lock-out) slow down this client only.
                for _ in 1...6 {
                    _ = try await client.call(.post, "/api/v1/auth/login", json: ["username": "hutang", "password": ""])
                }
                let locked = try await client.call(
                    .post, "/api/v1/auth/login", json: ["username": "hutang", "password": "correct-horse-battery"])
                #expect(locked.status == .tooManyRequests, "the same client is slowed down")
                _ = try await test.gateway.sessions.login(username: "hutang", password: "correct-horse-battery", client: "198.51.100.7")
            }
        }
    }

    @Test("the decoy hash checked for unknown users has the real bcrypt cost")
    func decoyCost() async throws {
        try await TestPlatform.with { test in
            for cost: UInt8 in [4, 12] {
                var policy = AccessPolicy()
                policy.bcryptCost = cost
                let decoy = Sessions(
                    database: test.platform.database, policy: policy, keyring: test.platform.keyring, settings: test.platform.context.policy
                ).decoy
                // $2b$<cost>$<salt and hash>
                #expect(decoy.split(separator: "$").dropFirst().first.map(String.init) == String(format: "%02d", cost), "\(decoy)")
            }
        }
    }

    @Test(
        "after N failures for a user from one client the next attempt gets 429 with Retry-After, without checking the password, known or unknown user alike"
    )
    func backoffPerUserAndClient() async throws {
        try await TestPlatform.with(accessPolicy: Self.slowBackoff) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                var refusals: [(status: HTTPResponse.Status, body: [String: Any], text: String, headers: HTTPFields)] = []
                for username in ["hutang", "nobody"] {
                    for _ in 1...3 {
                        let wrong = try await client.call(
                            .post, "/api/v1/auth/login", json: ["username": username, "password": "wrong-password-123"])
                        #expect(wrong.status == .unauthorized)
                    }
                    refusals.append(
                        try await client.call(
                            .post, "/api/v1/auth/login", json: ["username": username, "password": "correct-horse-battery"]))
                }
                for refusal in refusals {
                    #expect(refusal.status == .tooManyRequests)
                    #expect(refusal.body["type"] as? String == "https://tonghu.cn/problems/too-many-attempts")
                    let retryAfter = try #require(refusal.headers[.retryAfter].flatMap { Int($0) })
                    #expect((1...60).contains(retryAfter))
                }
                #expect(refusals[0].body["title"] as? String == refusals[1].body["title"] as? String)
            }
            // Both usernames are counted alike, by their SHA-256 only.
            let rows = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT failures, length(username_hash) FROM core.login_throttle ORDER BY username_hash", logger: test.logger
                )
                .decode((Int, Int).self).collect()
            }
            #expect(rows.map(\.0) == [3, 3])
            #expect(rows.map(\.1) == [32, 32])
        }
    }

    @Test("failures from an attacker's client do not stop the right password from another client; an IPv6 client is its /64")
    func otherClientSignsIn() async throws {
        try await TestPlatform.with(accessPolicy: Self.slowBackoff) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            let sessions = test.gateway.sessions
            for attacker in ["203.0.113.9", "2001:db8:1:2::1", "::ffff:192.0.2.1"] {
                for _ in 1...3 {
                    await #expect(throws: Problem.self) {
                        try await sessions.login(username: "hutang", password: "wrong-password-123", client: attacker)
                    }
                }
                await #expect(throws: LoginThrottled.self) {
                    try await sessions.login(username: "hutang", password: "correct-horse-battery", client: attacker)
                }
            }
            await #expect(throws: LoginThrottled.self) {
                try await sessions.login(username: "hutang", password: "correct-horse-battery", client: "2001:db8:1:2:ffff::5")
            }
            // Another address, another /64, and an IPv4-mapped neighbour (its own client, not the /64 ::).
            for office in ["198.51.100.7", "2001:db8:1:3::1", "::ffff:192.0.2.2"] {
                _ = try await sessions.login(username: "hutang", password: "correct-horse-battery", client: office)
            }
        }
    }

    @Test("a successful sign-in forgets that client's failures; a password reset forgets every client's")
    func successForgets() async throws {
        try await TestPlatform.with(accessPolicy: Self.slowBackoff) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            let sessions = test.gateway.sessions
            for _ in 1...3 {
                for _ in 1...2 {
                    await #expect(throws: Problem.self) {
                        try await sessions.login(username: "hutang", password: "wrong-password-123", client: "203.0.113.9")
                    }
                }
                _ = try await sessions.login(username: "hutang", password: "correct-horse-battery", client: "203.0.113.9")
            }
            for _ in 1...3 {
                await #expect(throws: Problem.self) {
                    try await sessions.login(username: "hutang", password: "wrong-password-123", client: "203.0.113.9")
                }
            }
            await #expect(throws: LoginThrottled.self) {
                try await sessions.login(username: "hutang", password: "correct-horse-battery", client: "203.0.113.9")
            }
            try await Users(database: test.owner, policy: .fast, roles: test.platform.context.roles).resetPassword(
                "hutang", password: "new-staple-lantern-river")
            _ = try await sessions.login(username: "hutang", password: "new-staple-lantern-river", client: "203.0.113.9")
        }
    }

    @Test("one client failing across many usernames (credential stuffing) is slowed down for every username; other clients are not")
    func backoffPerClient() async throws {
        var policy = Self.slowBackoff
        policy.failuresBeforeBackoff = 10
        policy.clientFailuresBeforeBackoff = 4
        try await TestPlatform.with(accessPolicy: policy) { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            let sessions = test.gateway.sessions
            for username in ["wang.fang", "li.na", "zhang.wei", "liu.yang"] {
                await #expect(throws: Problem.self) {
                    try await sessions.login(username: username, password: "123456789012", client: "203.0.113.9")
                }
            }
            await #expect(throws: LoginThrottled.self) {
                try await sessions.login(username: "hutang", password: "correct-horse-battery", client: "203.0.113.9")
            }
            _ = try await sessions.login(username: "hutang", password: "correct-horse-battery", client: "198.51.100.7")
        }
    }

    @Test("a user without the permission gets 403 naming it")
    func forbidden() async throws {
        try await TestPlatform.with { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                let token = try await client.login("auditor")
                let response = try await client.call(
                    .post, "/api/v1/children", token: token, json: ChildrenRouteTests.newChild(ChildrenRouteTests.idA))
                #expect(response.status == .forbidden)
                #expect(response.body["permission"] as? String == "core.child.register")
            }
        }
    }

    /// Three attempts per user and client, then a minute's wait: long enough that no test outruns it.
    static var slowBackoff: AccessPolicy {
        var policy = AccessPolicy.fast
        policy.failuresBeforeBackoff = 3
        policy.firstBackoff = .seconds(60)
        return policy
    }

    static func withoutInstance(_ body: [String: Any]) -> [String: String] {
        body.filter { $0.key != "instance" }.mapValues { "\($0)" }
    }
}
