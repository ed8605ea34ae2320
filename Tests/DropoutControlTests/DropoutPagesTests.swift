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
            #expect(after.text.contains("学校教师 班主任 陈老师 · 上门家访 · 承诺返校"), "the attempt in words, not codes")
            #expect(after.text.contains(#"<option value="home-visit">上门家访</option>"#), "the choices in words")
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

    @Test(
        "a home-teaching plan and a legal measure by form (a refused field beside it, a measure before the report refused), the ledgers' CSV and xlsx downloads, labels in English by the switch; an officer of another county can do none of it"
    )
    func plansMeasuresAndExports() async throws {
        try await F.with(clock: WallClock(asOf: CalendarDate("2026-10-12")!)) { test, client, tokens in
            try await F.load(test, F.header + F.row(F.zhang, "张三明"))
            let child = try await F.watch(test, F.li, name: "李思雨")
            var officer = FormBrowser(client: client)
            _ = try await officer.signIn("wujin")

            let plans = "/dropout-control/home-teaching/plans"
            let teaching = try await officer.get("/dropout-control/home-teaching?district=320412100000&month=2026-10")
            #expect(teaching.text.contains(#"href="\#(plans)""#), "the plan form is linked from the compliance page")
            let plan = [("idNumber", F.zhang), ("district", "320412100000"), ("startsOn", "2026-10-01")]
            let noSchool = try await officer.submit(plans, to: plans, plan + [("school", " ")])
            #expect(noSchool.status == .unprocessableContent && noSchool.text.contains(#"id="field-school-error""#), "\(noSchool.text)")
            #expect(noSchool.text.contains(#"value="\#(F.zhang)""#), "the form filled again")
            let forged = try await officer.post(plans, plan + [("school", "湖塘中心小学")])
            #expect(forged.status == .forbidden, "no CSRF token, no plan")
            let created = try await officer.submit(plans, to: plans, plan + [("school", "湖塘中心小学")])
            #expect(created.status == .seeOther, "\(created.text)")
            #expect(created.headers[.location] == "/dropout-control/home-teaching?district=320412100000&month=2026-10")
            let shortfall = try await officer.get(try #require(created.headers[.location]))
            #expect(shortfall.text.contains("张三明 · 湖塘中心小学 · 0/"), "the new plan has no visit yet this month: \(shortfall.text)")
            #expect(shortfall.text.components(separatedBy: "张三明 · ").count == 2, "one plan: the forged form made none")

            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.officer,
                json: ["student": ["child": child.uuidString], "term": F.term])
            let id = try #require(opened.body["id"] as? String)
            let measures = "/dropout-control/cases/\(id)/legal-measures"
            #expect(try await officer.get(measures).status == .ok)
            let early = try await officer.submit(measures, to: measures, [("measure", "责令限期改正"), ("takenOn", "2026-10-11")])
            #expect(early.status == .conflict && early.text.contains("依法督促须在书面报告之后"), "\(early.text)")
            let api = "/api/v1/dropout-control/cases/\(id)"
            #expect(try await client.call(.post, api + "/verify", token: tokens.officer, json: ["verifiedOn": "2026-10-01"]).status == .ok)
            let reported = try await client.call(.post, api + "/reports", token: tokens.officer, json: ["content": "劝返三次未果"])
            #expect(reported.status == .ok)
            #expect(try await officer.get("/dropout-control/cases/\(id)").text.contains(#"href="\#(measures)""#))
            let blank = try await officer.submit(measures, to: measures, [("measure", "  "), ("takenOn", "2026-10-11")])
            #expect(blank.status == .unprocessableContent && blank.text.contains(#"id="field-measure-error""#))
            let future = try await officer.submit(measures, to: measures, [("measure", "责令限期改正"), ("takenOn", "2026-10-13")])
            #expect(future.status == .unprocessableContent && future.text.contains(#"id="field-takenOn-error""#))
            let taken = try await officer.submit(
                measures, to: measures, [("measure", "责令限期改正"), ("takenOn", "2026-10-11"), ("note", "镇政府送达通知书")])
            #expect(taken.status == .seeOther && taken.headers[.location] == "/dropout-control/cases/\(id)", "\(taken.text)")
            let legal = try await officer.get("/dropout-control/cases/\(id)")
            #expect(legal.text.contains("2026-10-11 · 责令限期改正 · 镇政府送达通知书") && legal.text.contains("李思雨 · 依法督促"))

            _ = try await officer.submit(
                "/dropout-control/comparisons", to: "/dropout-control/comparisons", [("district", "320412000000"), ("term", F.term)])
            let query = "district=320412000000&term=\(F.term)"
            let ledgers = try await officer.get("/dropout-control/ledgers?\(query)")
            #expect(ledgers.text.contains("/dropout-control/ledger-export?district=320412000000&amp;term=\(F.term)&amp;format=xlsx"))
            let csv = try await officer.get("/dropout-control/ledger-export?\(query)&format=csv")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(csv.text.contains("台账,编号,儿童编号,姓名") && csv.text.contains("李思雨"), "\(csv.text)")
            let xlsx = try await officer.get("/dropout-control/ledger-export?\(query)&format=xlsx")
            #expect(xlsx.status == .ok && xlsx.text.hasPrefix("PK"), "a zip container")
            let exports = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT count(*) FROM core.audit WHERE action = 'ledger.export' AND actor = 'wujin'", logger: test.logger
                )
                .decode(Int.self).collect()
            }
            #expect(exports == [2])

            #expect(try await officer.get("/language/en").status == .seeOther)
            let english = try await officer.get("/dropout-control/cases/\(id)")
            #expect(english.text.contains("Legal measures") && !english.text.contains("依法督促</h2>"))

            var other = FormBrowser(client: client)
            _ = try await other.signIn("xinbei")
            #expect(try await other.get("/dropout-control/ledger-export?\(query)&format=csv").status == .notFound)
            #expect(try await other.get(measures).status == .notFound)
            let intruding = try await other.submit(
                plans, to: plans, [("idNumber", F.li), ("district", "320412100000"), ("school", "湖塘中心小学"), ("startsOn", "2026-10-01")])
            #expect(intruding.status == .unprocessableContent && intruding.text.contains(#"id="field-district-error""#))
        }
    }

    @Test(
        "an enrolment file checked in the browser: each refused row shown with its line and field, the valid rows counted, nothing written; no token refused; a school has no such page"
    )
    func enrolmentCheck() async throws {
        try await F.with(clock: WallClock(asOf: CalendarDate("2026-10-12")!)) { test, client, _ in
            var officer = FormBrowser(client: client)
            _ = try await officer.signIn("wujin")
            let page = try await officer.get("/dropout-control/enrolment-check")
            #expect(page.status == .ok && page.text.contains(#"enctype="multipart/form-data""#))
            let action = try #require(
                page.text.range(of: #"/dropout-control/enrolment-check\?_csrf=[^"]+"#, options: .regularExpression).map {
                    String(page.text[$0]).replacingOccurrences(of: "&amp;", with: "&")
                })
            let file =
                F.header + F.row(F.zhang, "张三明") + F.row("320412201505050016", "李四")
                + F.row(F.wang, "王五", district: DistrictCode("320412999000")!) + F.row(F.li, "李思雨")
            let checked = try await officer.upload(action, file: file, named: "学籍.csv")
            #expect(checked.status == .ok, "\(checked.text)")
            #expect(checked.text.contains("正确 2 行, 出错 2 行 (未写入)"), "\(checked.text)")
            #expect(checked.text.contains("<tr><td>3</td><td>idNumber</td>"), "the broken ID number by line and field")
            #expect(checked.text.contains("<tr><td>4</td><td>schoolDistrict</td>"), "the district not in force by line and field")
            let snapshots = try await test.owner.withConnection { connection in
                try await connection.query("SELECT count(*) FROM dropout_control.snapshots", logger: test.logger).decode(Int.self).collect()
            }
            #expect(snapshots == [0], "nothing written")

            let unsigned = try await officer.upload("/dropout-control/enrolment-check", file: file)
            #expect(unsigned.status == .forbidden)
            var school = FormBrowser(client: client)
            let home = try await school.signIn("school")
            #expect(!home.text.contains("/dropout-control/enrolment-check"))
            #expect(try await school.get("/dropout-control/enrolment-check").status != .ok)
        }
    }
}
