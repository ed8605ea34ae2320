import Catalogue
import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import TestSupport
import Testing

@testable import Access

/// A clock the test moves by hand, so TOTP codes are computed for a known step without sleeping.
final class TestClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { time.withLock { $0 } }
    func advance(seconds: Double) { time.withLock { $0 += seconds } }
}

@Suite("双因素认证 TOTP second factor")
struct SecondFactorTests {
    @Test("RFC 6238 test vectors (SHA-1, secret 12345678901234567890)")
    func rfcVectors() {
        let totp = TOTP(secret: Data("12345678901234567890".utf8))
        let vectors: [(Double, String)] = [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130")
        ]
        for (time, code) in vectors {
            #expect(totp.code(step: TOTP.step(at: Date(timeIntervalSince1970: time)), digits: 8) == code)
        }
        #expect(totp.code(step: TOTP.step(at: Date(timeIntervalSince1970: 59))) == "287082")
        #expect(Base32.encode(Data("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq") == Data("12345678901234567890".utf8))
        #expect(Base32.decode("GEZ1") == nil)
        let now = Date(timeIntervalSince1970: 59)
        #expect(totp.matchingStep(totp.code(step: 0), at: now, after: nil) == 0, "one step of drift is accepted")
        #expect(totp.matchingStep(totp.code(step: 3), at: now, after: nil) == nil, "two steps are not")
        #expect(totp.matchingStep(totp.code(step: 1), at: now, after: 1) == nil, "a used step is refused")
    }

    @Test("role patterns of core.two-factor-roles")
    func patterns() {
        #expect(SecondFactors.matches("registry.manager", "*.manager"))
        #expect(SecondFactors.matches("core.admin", "core.admin"))
        #expect(!SecondFactors.matches("registry.director", "*.manager"))
        #expect(!SecondFactors.matches("manager", "*.manager"))
        #expect(SecondFactors.matches("registry.director", "registry.*"))
    }

    @Test(
        "an administrator without the factor gets an enrolment-only token, enrols, confirms, then signs in only with a code; replay refused; a recovery code works once"
    )
    func enrolAndSignIn() async throws {
        let clock = TestClock()
        try await TestPlatform.with(accessPolicy: AccessPolicy.fast.withSecondFactor { clock.now }) { test in
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            try await test.withClient { client in
                let first = try await Self.signIn(client, "admin")
                #expect(first.status == .ok)
                #expect(first.body["secondFactorEnrolmentRequired"] as? Bool == true)
                let limited = try #require(first.body["token"] as? String)
                let refused = try await client.call(.get, "/api/v1/audit", token: limited)
                #expect(refused.status == .forbidden)
                #expect(refused.body["type"] as? String == "https://tonghu.cn/problems/second-factor-enrolment-required")
                #expect(try await client.call(.get, "/api/v1/districts/\(TestPlatform.county)", token: limited).status == .forbidden)
                let me = try await client.call(.get, "/api/v1/me", token: limited)
                #expect(me.status == .ok)
                #expect(me.body["enrolmentOnly"] as? Bool == true)

                #expect(
                    try await client.call(.post, "/api/v1/auth/second-factor/confirm", token: limited, json: ["code": "123456"]).status
                        == .conflict,
                    "nothing to confirm before enrolling")
                let enrolment = try await client.call(.post, "/api/v1/auth/second-factor/enrol", token: limited)
                #expect(enrolment.status == .ok)
                let secretText = try #require(enrolment.body["secret"] as? String)
                let uri = try #require(enrolment.body["uri"] as? String)
                #expect(
                    uri
                        == "otpauth://totp/%E7%AB%A5%E6%8A%A4:admin?secret=\(secretText)&issuer=%E7%AB%A5%E6%8A%A4&algorithm=SHA1&digits=6&period=30"
                )
                let totp = TOTP(secret: try #require(Base32.decode(secretText)))
                func code() -> String { totp.code(step: TOTP.step(at: clock.now)) }

                let wrong = try await client.call(
                    .post, "/api/v1/auth/second-factor/confirm", token: limited,
                    json: ["code": totp.code(step: TOTP.step(at: clock.now) + 5)])
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.body["field"] as? String == "code")
                let confirmed = try await client.call(.post, "/api/v1/auth/second-factor/confirm", token: limited, json: ["code": code()])
                #expect(confirmed.status == .ok)
                let recovery = try #require(confirmed.body["recoveryCodes"] as? [String])
                #expect(recovery.count == 10 && Set(recovery).count == 10)
                #expect(
                    try await client.call(.get, "/api/v1/audit", token: limited).status == .ok, "the confirming session became a full one")
                #expect(try await client.call(.post, "/api/v1/auth/second-factor/enrol", token: limited).status == .conflict)

                let noCode = try await Self.signIn(client, "admin")
                #expect(noCode.status == .unauthorized)
                #expect(noCode.body["type"] as? String == "https://tonghu.cn/problems/second-factor-required")
                #expect(noCode.body["token"] == nil)
                #expect(try await Self.signIn(client, "admin", code: code()).status == .unauthorized, "the confirming code's step was used")

                clock.advance(seconds: 30)
                let fresh = code()
                let full = try await Self.signIn(client, "admin", code: fresh)
                #expect(full.status == .ok)
                #expect(full.body["secondFactorEnrolmentRequired"] == nil)
                let token = try #require(full.body["token"] as? String)
                #expect(try await client.call(.get, "/api/v1/audit", token: token).status == .ok)
                let replayed = try await Self.signIn(client, "admin", code: fresh)
                #expect(replayed.status == .unauthorized)
                #expect(replayed.body["type"] as? String == "https://tonghu.cn/problems/bad-second-factor")
                #expect(try await Self.signIn(client, "admin", password: "wrong-horse-battery", code: fresh).status == .unauthorized)

                let byRecovery = try await Self.signIn(client, "admin", code: recovery[3].uppercased())
                #expect(byRecovery.status == .ok)
                #expect(byRecovery.body["recoveryCodesLeft"] as? Int == 9)
                #expect(try await Self.signIn(client, "admin", code: recovery[3]).status == .unauthorized, "a recovery code works once")

                // tonghu keys rotate re-seals the secrets with the ID numbers; codes keep working.
                test.platform.keyring.replace(with: test.platform.keyring.current.rotated())
                #expect(try await test.platform.reencrypt(on: test.owner)[SecondFactors.secretField] == 1)
                clock.advance(seconds: 30)
                #expect(try await Self.signIn(client, "admin", code: code()).status == .ok)
            }
            let stored = try await test.owner.withConnection { connection in
                try await connection.query("SELECT secret_cipher, secret_key FROM core.second_factors", logger: test.logger).decode(
                    (Data, String).self
                ).collect()
            }
            let (cipher, key) = try #require(stored.first)
            #expect(key == "k2")
            let secret = try #require(
                test.platform.keyring.open(cipher, keyID: key, field: SecondFactors.secretField), "sealed with the keyring")
            #expect(cipher.range(of: Data(secret.utf8)) == nil, "the secret is not stored in plaintext")
            let actions = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT action FROM core.audit WHERE actor = 'admin' AND outcome = 'success'", logger: test.logger
                )
                .decode(String.self).collect()
            }
            for action in ["second-factor.enrol", "second-factor.confirm", "second-factor.recovery-code"] {
                #expect(actions.contains(action), "\(action) audited: \(actions)")
            }
        }
    }

    @Test("wrong codes count toward the sign-in throttle")
    func wrongCodesThrottled() async throws {
        let clock = TestClock()
        try await TestPlatform.with(accessPolicy: AccessPolicy.fast.withSecondFactor { clock.now }) { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                let limited = try #require(try await Self.signIn(client, "auditor").body["token"] as? String)
                let secret = try #require(
                    try await client.call(.post, "/api/v1/auth/second-factor/enrol", token: limited).body["secret"] as? String)
                let totp = TOTP(secret: try #require(Base32.decode(secret)))
                #expect(
                    try await client.call(
                        .post, "/api/v1/auth/second-factor/confirm", token: limited,
                        json: ["code": totp.code(step: TOTP.step(at: clock.now))]
                    ).status == .ok)
                let wrong = totp.code(step: TOTP.step(at: clock.now) + 7)
                for _ in 0..<5 { #expect(try await Self.signIn(client, "auditor", code: wrong).status == .unauthorized) }
                #expect(try await Self.signIn(client, "auditor", code: wrong).status == .tooManyRequests)
            }
        }
    }

    @Test("a registry.director signs in with a password alone, a registry.manager must enrol, and the policy is data")
    func whoNeedsIt() async throws {
        let clock = TestClock()
        try await TestPlatform.with(
            programmes: Catalogue.programmes.map { $0.init() }, accessPolicy: AccessPolicy.fast.withSecondFactor { clock.now }
        ) { test in
            try await test.user("director", role: "registry.director", district: TestPlatform.villageA)
            try await test.user("manager", role: "registry.manager", district: TestPlatform.county)
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            try await test.withClient { client in
                let director = try await Self.signIn(client, "director")
                #expect(director.status == .ok)
                #expect(director.body["secondFactorEnrolmentRequired"] == nil)
                let token = try #require(director.body["token"] as? String)
                #expect(try await client.call(.get, "/api/v1/districts/\(TestPlatform.villageA)", token: token).status == .ok)
                #expect(try await Self.signIn(client, "manager").body["secondFactorEnrolmentRequired"] as? Bool == true)

                // 武进区 decides its administrators sign in with a password only; its managers still need the factor.
                try await test.owner.withConnection { connection in
                    try await test.platform.context.policy.set(
                        SecondFactors.rolesKey.key, district: TestPlatform.county,
                        effectiveFrom: CalendarDate(year: 2020, month: 1, day: 1)!,
                        value: #"["*.manager"]"#, source: "test", on: connection)
                }
                #expect(try await Self.signIn(client, "admin").body["secondFactorEnrolmentRequired"] == nil)
                #expect(try await Self.signIn(client, "manager").body["secondFactorEnrolmentRequired"] as? Bool == true)
            }
        }
    }

    static func signIn(
        _ client: any TestClientProtocol, _ username: String, password: String = "correct-horse-battery",
        code: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var body = ["username": username, "password": password]
        body["code"] = code
        let response = try await client.call(.post, "/api/v1/auth/login", json: body)
        return (response.status, response.body)
    }
}
