import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import DropoutControl

/// A browser as the console sees it: cookies kept, forms url-encoded, Chromium's `Accept`.
struct PageClient {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    typealias Answer = (status: HTTPResponse.Status, text: String, headers: HTTPFields)

    mutating func get(_ uri: String) async throws -> Answer { try await send(.get, uri, body: nil) }

    /// Posts `form` with the CSRF token of the page at `uri`.
    mutating func submit(_ uri: String, to action: String, _ form: [(String, String)]) async throws -> Answer {
        let page = try await get(uri)
        let token = try #require(Self.formToken(page.text), "\(page.text)")
        return try await send(.post, action, body: ([("_csrf", token)] + form).map(Self.encode).joined(separator: "&"))
    }

    static func encode(_ pair: (String, String)) -> String {
        "\(pair.0)=\(pair.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
    }

    mutating func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> Answer {
        var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let answer: Answer = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        {
            ($0.status, String(buffer: $0.body), $0.headers)
        }
        for setting in answer.headers[values: .setCookie] {
            let pair = setting.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            cookies[String(pair[0])] = setting.contains("Max-Age=0") ? nil : pair.count > 1 ? String(pair[1]) : ""
        }
        return answer
    }

    static func formToken(_ page: String) -> String? {
        guard let range = page.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the form; returns the home page.
    mutating func signIn(_ username: String) async throws -> Answer {
        let answer = try await submit("/", to: "/sign-in", [("username", username), ("password", "correct-horse-battery")])
        #expect(answer.status == .seeOther, "\(answer.text)")
        return try await get("/home")
    }
}

@Suite("控辍保学工作台 dropout control's console pages")
struct DropoutPagesTests {
    typealias F = DropoutFixture

    @Test(
        "an education officer runs a comparison by form, reads its ledger, opens the case and records a persuasion attempt; a refused field is shown beside it; a school of another township gets the 404 page; an education gateway's navigation shows only dropout control"
    )
    func officerFlow() async throws {
        try await F.with(clock: WallClock(asOf: CalendarDate("2026-10-12")!)) { test, client, tokens in
            try await F.load(test, F.header)
            let child = try await F.watch(test, F.li, name: "李思雨")
            var officer = PageClient(client: client)
            let home = try await officer.signIn("wujin")
            #expect(home.status == .ok)
            #expect(home.text.contains(#"href="/dropout-control/comparisons""#))
            #expect(!home.text.contains(#"href="/registry"#) && !home.text.contains(#"href="/health-screening"#), "only dropout control")
            #expect(home.text.contains("待劝返的辍学个案"), "the officer's home panel")

            let run = try await officer.submit(
                "/dropout-control/comparisons", to: "/dropout-control/comparisons", [("district", "320412000000"), ("term", F.term)])
            #expect(run.status == .seeOther, "\(run.text)")
            let result = try #require(run.headers[.location])
            #expect(result == "/dropout-control/ledgers?district=320412000000&term=\(F.term)")
            let ledgers = try await officer.get(result)
            #expect(ledgers.status == .ok && ledgers.text.contains("<svg") && ledgers.text.contains("适龄失学 1"))
            let outOfSchool = try await officer.get("/dropout-control/ledgers/out-of-school?district=320412000000&term=\(F.term)")
            #expect(outOfSchool.status == .ok && outOfSchool.text.contains("李思雨"))
            #expect(outOfSchool.text.utf8.count < 100_000)

            let noTerm = try await officer.submit(
                "/dropout-control/comparisons", to: "/dropout-control/comparisons", [("district", "320412000000"), ("term", "autumn")])
            #expect(noTerm.status == .unprocessableContent && noTerm.text.contains("field invalid"), "\(noTerm.text)")

            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.officer,
                json: ["student": ["child": child.uuidString], "term": F.term])
            let id = try #require(opened.body["id"] as? String)
            let path = "/dropout-control/cases/\(id)"
            let casePage = try await officer.get(path)
            #expect(casePage.status == .ok && casePage.text.contains("李思雨") && casePage.text.contains("尚无劝返记录"))
            let verified = try await officer.submit(path, to: path + "/verify", [("verifiedOn", "2026-10-09"), ("note", "连续两周未到校")])
            #expect(verified.status == .seeOther && verified.headers[.location] == path, "\(verified.text)")

            let attempt = [("party", "teacher"), ("attemptedOn", "2026-10-10"), ("method", "home-visit"), ("outcome", "promised")]
            let missing = try await officer.submit(path, to: path, attempt + [("by", "")])
            #expect(missing.status == .unprocessableContent && missing.text.contains(#"id="field-by""#), "\(missing.text)")
            #expect(missing.text.contains("by"), "the refusal beside the field")
            let recorded = try await officer.submit(path, to: path, attempt + [("by", "班主任 陈老师"), ("note", "家长答应周一送回")])
            #expect(recorded.status == .seeOther && recorded.headers[.location] == path, "\(recorded.text)")
            let after = try await officer.get(path)
            #expect(after.text.contains("班主任 陈老师") && after.text.contains("家长答应周一送回"))
            let api = try await client.call(.get, "/api/v1/dropout-control/cases/\(id)", token: tokens.officer)
            #expect((api.body["attempts"] as? [[String: Any]])?.count == 1, "the same case the API reads")

            let report = try await officer.submit(path + "/report", to: path + "/report", [("content", ""), ("reportedOn", "")])
            #expect(report.status == .unprocessableContent || report.status == .conflict, "\(report.text)")

            let teaching = try await officer.get("/dropout-control/home-teaching?district=320412000000&month=2026-10")
            #expect(teaching.status == .ok && teaching.text.contains("本月全部达标"), "\(teaching.text)")

            var school = PageClient(client: client)
            _ = try await school.signIn("xinbei-school")
            let foreign = try await school.get(path)
            #expect(foreign.status == .notFound && foreign.text.contains("页面不存在"), "\(foreign.text)")
        }
    }
}
