import Catalogue
import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Console

@Suite("工作台 web console")
struct ConsoleTests {
    @Test("text and attribute values are escaped; no inline script can be written")
    func escaping() {
        let html = HTML.element("p", ["title": "\"><script>"]) { "<b>&'" }
        #expect(html.markup == #"<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&#39;</p>"#)
        #expect(HTML.link(to: "/a?b=1&c=2") { "x" }.markup == #"<a href="/a?b=1&amp;c=2">x</a>"#)
    }

    @Test("gzip only when accepted; the body starts with gzip's magic and is smaller")
    func gzip() throws {
        #expect(Gzip.accepted("gzip, deflate, br"))
        #expect(Gzip.accepted("br;q=1.0, gzip;q=0.8"))
        #expect(!Gzip.accepted("gzip;q=0"))
        #expect(!Gzip.accepted("br"))
        #expect(!Gzip.accepted(nil))
        let text = Array(String(repeating: "<tr><td>马杭村</td></tr>", count: 200).utf8)
        let compressed = try #require(Gzip.compress(text))
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(compressed.count < text.count / 5)
    }

    @Test("form bodies: + is a space, %XX UTF-8, empty fields are not given")
    func formBody() {
        let values = FormBody.decode("username=%E5%BC%A0+%E4%B8%89&password=&_csrf=a%2Bb")
        #expect(values == ["username": "张 三", "password": "", "_csrf": "a+b"])
        #expect(FormBody.parameters(values)["password"] == nil)
    }

    @Test(
        "sign in through the form on the API's own session: HttpOnly SameSite=Strict cookie, the home page with the navigation the roles allow, sign-out revokes the session"
    )
    func signInAndOut() async throws {
        try await TestPlatform.with(programmes: Catalogue.programmes.map { $0.init() }) { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                var browser = FormBrowser(client: client)
                let signIn = try await browser.get("/")
                #expect(signIn.status == .ok)
                #expect(signIn.headers[.contentType] == "text/html; charset=utf-8")
                #expect(signIn.headers[.contentSecurityPolicy] == ConsoleMiddleware.contentSecurityPolicy)
                #expect(signIn.text.contains("<html lang=\"zh-CN\">") && signIn.text.contains("登录"))
                #expect(!signIn.text.contains("<script>"), "no inline script")
                let token = try #require(FormBrowser.formToken(signIn.text))
                let wrong = try await browser.post("/sign-in", [("_csrf", token), ("username", "auditor"), ("password", "wrong-password")])
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("用户名或密码错误"))

                let accepted = try await browser.post(
                    "/sign-in", [("_csrf", token), ("username", "auditor"), ("password", "correct-horse-battery")])
                #expect(accepted.status == .seeOther)
                #expect(accepted.headers[.location] == "/home")
                let cookie = try #require(accepted.headers[values: .setCookie].first { $0.hasPrefix("tonghu_session=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
                let session = try #require(browser.cookies["tonghu_session"])
                #expect(try await client.call(.get, "/api/v1/me", token: session).status == .ok, "the API's own session")

                let home = try await browser.get("/home")
                #expect(home.status == .ok)
                #expect(home.text.contains("审计员"), "the caller's role on the home page")
                #expect(home.text.contains(#"href="/audit""#), "an auditor sees the audit log")
                #expect(!home.text.contains(#"href="/users""#), "but not the users page")
                #expect(!home.text.contains(#"href="/registry"#), "nor registry pages without a registry role")
                #expect(home.text.utf8.count + Assets.stylesheet.utf8.count < 100_000)

                let out = try #require(FormBrowser.formToken(home.text))
                #expect(try await browser.post("/sign-out", [("_csrf", out)]).status == .seeOther)
                #expect(browser.cookies["tonghu_session"] == nil)
                #expect(try await client.call(.get, "/api/v1/me", token: session).status == .unauthorized, "revoked")
                let after = try await browser.send(.get, "/home", body: nil)
                #expect(after.status == .seeOther && after.headers[.location] == "/")
            }
        }
    }

    @Test("a form without its CSRF token, or with another session's, is refused with a 403 page and does nothing")
    func csrf() async throws {
        try await TestPlatform.with { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                var anonymous = FormBrowser(client: client)
                _ = try await anonymous.get("/")
                let missing = try await anonymous.post("/sign-in", [("username", "auditor"), ("password", "correct-horse-battery")])
                #expect(missing.status == .forbidden)
                #expect(missing.text.contains("防伪令牌"))
                #expect(missing.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("tonghu_session=") })

                var browser = FormBrowser(client: client)
                _ = try await browser.signIn("auditor")
                let forged = try await browser.post("/sign-out", [("_csrf", "not-the-token")])
                #expect(forged.status == .forbidden)
                #expect(forged.headers[.contentType] == "text/html; charset=utf-8")
                #expect(try await browser.get("/home").status == .ok, "still signed in")
            }
        }
    }

    @Test("unknown paths and records out of scope are the HTML 404 page in Chinese; the API keeps problem+json")
    func notFound() async throws {
        try await TestPlatform.with { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                var browser = FormBrowser(client: client)
                let unknown = try await browser.get("/no/such/page")
                #expect(unknown.status == .notFound)
                #expect(unknown.headers[.contentType] == "text/html; charset=utf-8")
                #expect(unknown.text.contains("页面不存在"))
                let script = try await client.call(.get, "/no/such/page")
                #expect(script.status == .notFound)
                #expect(
                    script.headers[.contentType] == "application/problem+json; charset=utf-8", "a client that does not ask for HTML")
                let api = try await client.call(.get, "/api/v1/no/such/route")
                #expect(api.status == .notFound)
                #expect(api.headers[.contentType] == "application/problem+json; charset=utf-8")

                _ = try await browser.signIn("auditor")
                let sibling = try await browser.get("/districts?code=\(TestPlatform.otherCounty)")
                #expect(sibling.status == .notFound, "another county's district is not reachable by URL")
                #expect(sibling.text.contains("页面不存在"))
                let own = try await browser.get("/districts?code=\(TestPlatform.county)")
                #expect(own.status == .ok)
                #expect(own.text.contains("湖塘镇") && own.text.contains("牛塘镇"))
            }
        }
    }

    @Test("a refused query value is shown beside its field (the kit's 422 message), the page still renders")
    func refusedField() async throws {
        try await TestPlatform.with { test in
            try await test.user("auditor", role: "core.auditor", district: TestPlatform.county)
            try await test.withClient { client in
                var browser = FormBrowser(client: client)
                _ = try await browser.signIn("auditor")
                let page = try await browser.get("/audit?from=yesterday")
                #expect(page.status == .unprocessableContent)
                #expect(page.text.contains(#"<p class="field invalid"><label for="field-from">"#))
                #expect(page.text.contains("from 应为日期 yyyy-MM-dd 或 ISO 8601 时间"))
                #expect(page.text.contains(#"value="yesterday""#), "the value sent is kept")
                let export = try await browser.get("/audit/export?actor=auditor")
                #expect(export.status == .ok)
                #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(export.text.contains("操作人") && export.text.contains("login"))
            }
        }
    }

    @Test("English by the lang cookie (the switch) or by Accept-Language; Chinese by default; gzip when accepted")
    func languageAndCompression() async throws {
        try await TestPlatform.with { test in
            try await test.withClient { client in
                var browser = FormBrowser(client: client)
                #expect(try await browser.get("/").text.contains(#"<html lang="zh-CN">"#))
                let switched = try await browser.get("/language/en")
                #expect(switched.status == .seeOther)
                #expect(browser.cookies["lang"] == "en")
                let english = try await browser.get("/")
                #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains("Sign in"))

                var other = FormBrowser(client: client)
                other.headers[.acceptLanguage] = "en-US,en;q=0.9"
                other.headers[.acceptEncoding] = "gzip"
                let compressed = try await other.get("/")
                #expect(compressed.headers[.contentEncoding] == "gzip")
                #expect(!compressed.text.hasPrefix("<!DOCTYPE"))
                let css = try await other.get(Assets.stylesheetPath)
                #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
        }
    }
}
