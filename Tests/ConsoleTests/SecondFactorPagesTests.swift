import Foundation
import TestSupport
import Testing

@testable import Access
@testable import Console

/// The second-factor enrolment pages (绑定动态口令): a privileged user signed in with a password only is sent to them,
/// sees the secret and its `otpauth://` link as text, a wrong code is shown beside the field, the right one gives the
/// recovery codes once and a full session; both steps audited as the API's.
@Suite("工作台双因素绑定 console second-factor enrolment")
struct SecondFactorPagesTests {
    @Test("enrol in the browser: secret as text, a wrong code refused beside the field, recovery codes once, then the console")
    func enrol() async throws {
        let clock = ConsoleSignInTests.HandClock()
        try await TestPlatform.with(accessPolicy: AccessPolicy.fast.withSecondFactor { clock.now }) { test in
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            try await test.withClient { client in
                var browser = FormBrowser(client: client)
                let form = try #require(FormBrowser.formToken(try await browser.get("/").text))
                let signedIn = try await browser.post(
                    "/sign-in", [("_csrf", form), ("username", "admin"), ("password", "correct-horse-battery")])
                #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/second-factor")
                let home = try await browser.get("/home")
                #expect(home.status == .seeOther && home.headers[.location] == "/second-factor", "nothing else before enrolling")

                let start = try await browser.get("/second-factor")
                #expect(start.status == .ok && start.text.contains("您的角色要求双因素登录"))
                #expect(try await browser.get(Assets.stylesheetPath).status == .ok, "the page keeps its style")
                let forged = try await browser.post("/second-factor", [("_csrf", "not-the-token")])
                #expect(forged.status == .forbidden)

                let secretPage = try await browser.submit("/second-factor", to: "/second-factor", [])
                #expect(secretPage.status == .ok)
                let secret = try #require(Self.code(in: secretPage.text, id: "second-factor-secret"))
                let uri = try #require(Self.code(in: secretPage.text, id: "second-factor-uri"))
                #expect(uri.hasPrefix("otpauth://totp/") && uri.contains("secret=" + secret))
                let totp = TOTP(secret: try #require(Base32.decode(secret)))

                let wrongCode = totp.code(step: TOTP.step(at: clock.now)) == "000000" ? "111111" : "000000"
                let wrong = try await browser.submit("/second-factor/confirm", to: "/second-factor/confirm", [("code", wrongCode)])
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.text.contains(#"id="field-code-error""#))

                let confirmed = try await browser.submit(
                    "/second-factor/confirm", to: "/second-factor/confirm", [("code", totp.code(step: TOTP.step(at: clock.now)))])
                #expect(confirmed.status == .ok)
                #expect(confirmed.text.components(separatedBy: "<li><code>").count == 11, "ten recovery codes")
                #expect(try await browser.get("/home").status == .ok, "the session is a full one now")

                let again = try await browser.submit("/second-factor", to: "/second-factor", [])
                #expect(again.status == .conflict && again.text.contains("已绑定动态口令"))

                let actions = try await test.owner.withConnection { connection in
                    try await connection.query(
                        "SELECT action FROM core.audit WHERE actor = 'admin' AND action LIKE 'second-factor.%' ORDER BY at, id",
                        logger: test.logger
                    ).decode(String.self).collect()
                }
                #expect(actions == ["second-factor.enrol", "second-factor.confirm"])
            }
        }
    }

    /// The text of `<code id="…">` on a page.
    static func code(in page: String, id: String) -> String? {
        guard let range = page.range(of: #"<code id="\#(id)">"#) else { return nil }
        let text = page[range.upperBound...].prefix { $0 != "<" }
        return String(text).replacingOccurrences(of: "&amp;", with: "&")
    }
}
