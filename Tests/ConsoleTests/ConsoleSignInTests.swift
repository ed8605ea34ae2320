import Boot
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Synchronization
import TestSupport
import Testing

@testable import Access
@testable import Console

@Suite("工作台登录 console sign-in: second factor and trusted proxies")
struct ConsoleSignInTests {
    /// A clock moved by hand, so the TOTP codes are computed for a known step.
    final class HandClock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(seconds: Double) { time.withLock { $0 += seconds } }
    }

    @Test(
        "the code step carries no password: a pending sign-in in an HttpOnly cookie, single use, a wrong code counted and given a new one"
    )
    func codeStepWithoutPassword() async throws {
        let clock = HandClock()
        try await TestPlatform.with(accessPolicy: AccessPolicy.fast.withSecondFactor { clock.now }) { test in
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            try await test.withClient { client in
                let first = try await client.call(
                    .post, "/api/v1/auth/login", json: ["username": "admin", "password": "correct-horse-battery"])
                let limited = try #require(first.body["token"] as? String)
                let enrolment = try await client.call(.post, "/api/v1/auth/second-factor/enrol", token: limited)
                let secret = try #require(enrolment.body["secret"] as? String)
                let totp = TOTP(secret: try #require(Base32.decode(secret)))
                func code() -> String { totp.code(step: TOTP.step(at: clock.now)) }
                let confirm = try await client.call(.post, "/api/v1/auth/second-factor/confirm", token: limited, json: ["code": code()])
                #expect(confirm.status == .ok)
                clock.advance(seconds: 30)

                var browser = FormBrowser(client: client)
                let form = try #require(FormBrowser.formToken(try await browser.get("/").text))
                let password = "correct-horse-battery"
                let step = try await browser.post("/sign-in", [("_csrf", form), ("username", "admin"), ("password", password)])
                #expect(step.status == .ok)
                #expect(step.text.contains(#"action="/sign-in/code""#) && step.text.contains(#"name="code""#))
                #expect(!step.text.contains(password) && !step.text.contains(#"name="password""#), "the password is not sent back")
                let setting = try #require(step.headers[values: .setCookie].first { $0.hasPrefix("tonghu_pending=") })
                #expect(setting.contains("HttpOnly") && setting.contains("SameSite=Strict"))
                #expect(browser.cookies["tonghu_session"] == nil, "no session before the code")
                let firstPending = try #require(browser.cookies["tonghu_pending"])

                let wrong = try await browser.post(
                    "/sign-in/code", [("_csrf", form), ("code", totp.code(step: TOTP.step(at: clock.now) + 5))])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("动态口令或恢复码不正确") && wrong.text.contains(#"action="/sign-in/code""#))
                let secondPending = try #require(browser.cookies["tonghu_pending"])
                #expect(secondPending != firstPending, "a wrong code uses up the pending sign-in; the next try has a new one")

                var replay = FormBrowser(client: client)
                replay.cookies = ["tonghu_csrf": form, "tonghu_pending": firstPending]
                let stale = try await replay.post("/sign-in/code", [("_csrf", form), ("code", code())])
                #expect(stale.status == .unauthorized)
                #expect(stale.text.contains("请重新输入用户名和密码") && stale.text.contains(#"name="password""#), "back to the password step")
                #expect(replay.cookies["tonghu_session"] == nil && replay.cookies["tonghu_pending"] == nil)

                let accepted = try await browser.post("/sign-in/code", [("_csrf", form), ("code", code())])
                #expect(accepted.status == .seeOther)
                #expect(accepted.headers[.location] == "/home")
                #expect(browser.cookies["tonghu_pending"] == nil && browser.cookies["tonghu_session"] != nil)
                #expect(try await browser.get("/home").status == .ok)

                var again = FormBrowser(client: client)
                again.cookies = ["tonghu_csrf": form, "tonghu_pending": secondPending]
                #expect(try await again.post("/sign-in/code", [("_csrf", form), ("code", code())]).status == .unauthorized, "single use")
                var none = FormBrowser(client: client)
                none.cookies = ["tonghu_csrf": form]
                #expect(try await none.post("/sign-in/code", [("_csrf", form), ("code", code())]).status == .unauthorized)
            }
        }
    }

    @Test("pending sign-ins expire and count in the throttle like the API's attempts")
    func pendingExpiresAndIsThrottled() async throws {
        let store = PendingSignIns()
        let token = store.open(.init(userID: UUID(), username: "admin"))
        #expect(store.take("not-a-token") == nil)
        #expect(store.take(token)?.username == "admin")
        #expect(store.take(token) == nil, "taken once")
        #expect(store.lifetime <= .seconds(300))

        let clock = HandClock()
        try await TestPlatform.with(accessPolicy: AccessPolicy.fast.withSecondFactor { clock.now }) { test in
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            let sessions = test.gateway.sessions
            let limited = try await sessions.login(username: "admin", password: "correct-horse-battery", client: "10.1.1.1")
            let caller = try #require(try await sessions.authenticate(limited.token))
            let enrolment = try await test.platform.database.withConnection { try await sessions.enrolSecondFactor(caller, on: $0) }
            let totp = TOTP(secret: try #require(Base32.decode(enrolment.secret)))
            _ = try await test.platform.database.withConnection { connection in
                try await sessions.confirmSecondFactor(
                    caller, code: totp.code(step: TOTP.step(at: clock.now)), token: limited.token, on: connection)
            }
            var throttled = false
            for attempt in 0..<40 where !throttled {
                do {
                    guard
                        case let .codeNeeded(pending, _, _) = try await sessions.beginSignIn(
                            username: "admin", password: "correct-horse-battery", client: "10.2.2.2")
                    else {
                        Issue.record("a code is needed")
                        return
                    }
                    _ = try await sessions.finishSignIn(pendingToken: pending, code: "000000", client: "10.2.2.2")
                } catch is LoginThrottled {
                    throttled = true
                    #expect(attempt > 0)
                }
            }
            #expect(throttled, "wrong codes through the pending sign-in reach the backoff")
        }
    }

    @Test("TONGHU_TRUSTED_PROXIES: cookies are Secure only when a listed proxy says X-Forwarded-Proto https")
    func trustedProxies() async throws {
        #expect(Settings(environment: [:]).trustedProxies.isEmpty)
        #expect(Settings(environment: ["TONGHU_TRUSTED_PROXIES": "10.0.0.5, 127.0.0.1,"]).trustedProxies == ["10.0.0.5", "127.0.0.1"])
        try await TestPlatform.with { test in
            for (proxies, proto, secure) in [
                (Set(["127.0.0.1"]), "https", true), (["127.0.0.1"], "http", false), (["10.0.0.5"], "https", false)
            ] {
                let gateway = Gateway(platform: test.platform, accessPolicy: .fast, trustedProxies: proxies)
                let app = Application(router: gateway.router(), logger: test.logger)
                try await app.test(.live) { client in
                    let answer = try await client.execute(
                        uri: "/", method: .get, headers: [.accept: "text/html", .xForwardedProto: proto]
                    ) { $0.headers }
                    let cookie = try #require(answer[values: .setCookie].first { $0.hasPrefix("tonghu_csrf=") })
                    #expect(cookie.hasSuffix("; Secure") == secure, "\(proxies) \(proto): \(cookie)")
                }
            }
        }
    }
}
