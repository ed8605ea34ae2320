import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import DropoutControl

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
            var officer = FormBrowser(client: client)
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

            var school = FormBrowser(client: client)
            _ = try await school.signIn("xinbei-school")
            let foreign = try await school.get(path)
            #expect(foreign.status == .notFound && foreign.text.contains("页面不存在"), "\(foreign.text)")
        }
    }
}
