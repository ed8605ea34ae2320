import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import TestSupport
import Testing

@testable import Access
@testable import Admin

@Suite("tonghu user reset-second-factor")
struct SecondFactorResetTests {
    @Test("resetting removes the factor and codes, ends the sessions and is audited; the user enrols again at the next sign-in")
    func reset() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await TestPlatform.with(accessPolicy: AccessPolicy.fast.withSecondFactor { now }) { test in
            try await test.user("wujin", role: "core.admin", district: TestPlatform.county)
            try await test.withClient { client in
                let limited = try await client.login("wujin")
                let secret = try #require(
                    try await client.call(.post, "/api/v1/auth/second-factor/enrol", token: limited).body["secret"] as? String)
                let code = TOTP(secret: try #require(Base32.decode(secret))).code(step: TOTP.step(at: now))
                #expect(
                    try await client.call(.post, "/api/v1/auth/second-factor/confirm", token: limited, json: ["code": code]).status == .ok)
                #expect(
                    try await client.call(.post, "/api/v1/auth/login", json: ["username": "wujin", "password": "correct-horse-battery"])
                        .status == .unauthorized)

                #expect(try await UserCommand.ResetSecondFactor.reset("wujin", on: test.platform))
                #expect(try await client.call(.get, "/api/v1/me", token: limited).status == .unauthorized, "its sessions ended")
                let again = try await client.call(
                    .post, "/api/v1/auth/login", json: ["username": "wujin", "password": "correct-horse-battery"])
                #expect(again.status == .ok)
                #expect(again.body["secondFactorEnrolmentRequired"] as? Bool == true)
                #expect(try await !UserCommand.ResetSecondFactor.reset("wujin", on: test.platform), "nothing left to reset")
                await #expect(throws: Problem.self) { try await UserCommand.ResetSecondFactor.reset("nobody", on: test.platform) }
            }
            let (factors, codes, resets) = try await test.owner.withConnection { connection in
                (
                    try await connection.query("SELECT count(*) FROM core.second_factors", logger: test.logger).decode(Int.self).first(),
                    try await connection.query("SELECT count(*) FROM core.recovery_codes", logger: test.logger).decode(Int.self).first(),
                    try await connection.query(
                        "SELECT count(*) FROM core.audit WHERE action = 'second-factor.reset' AND actor LIKE 'cli:%'", logger: test.logger
                    )
                    .decode(Int.self).first()
                )
            }
            #expect(factors == 0 && codes == 0)
            #expect(resets == 2)
        }
    }

    @Test("the command: a known user is reset and the reset audited, an unknown one is 66")
    func command() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = ["--data-dir", data.path]
        #expect(try CommandLine.tonghu(["db", "migrate"] + dir).status == 0)
        #expect(try CommandLine.tonghu(["user", "add", "wujin", "--password-stdin"] + dir, input: "lantern-river-teapot\n").status == 0)
        let reset = try CommandLine.tonghu(["user", "reset-second-factor", "wujin"] + dir)
        #expect(reset.status == 0, "\(reset.error)")
        #expect(reset.output.contains("wujin 未绑定双因素认证"), "\(reset.output)")
        #expect(try CommandLine.tonghu(["user", "reset-second-factor", "nobody"] + dir).status == 66)
        let audit = try CommandLine.tonghu(["audit", "query", "--json"] + dir)
        #expect(audit.output.contains("second-factor.reset"), "\(audit.output) \(audit.error)")
    }
}
