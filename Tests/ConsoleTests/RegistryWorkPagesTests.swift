import Catalogue
import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import TestSupport
import Testing

/// The registry's work pages (工作台) through the gateway, as a browser uses them: work lists with their exports, the
/// supervisor's confirmation (督导确认), the transfers inbox, survey-round progress, the workforce ledger and the upload.
@Suite("工作台 registry work pages")
struct RegistryWorkPagesTests {
    static func users(_ test: TestPlatform) async throws {
        try await test.user("mahang", role: "registry.director", district: TestPlatform.villageA)
        try await test.user("lujiaxiang", role: "registry.director", district: TestPlatform.villageB)
        try await test.user("hutang", role: "registry.supervisor", district: TestPlatform.townshipA)
        try await test.user("qianhuang", role: "registry.supervisor", district: TestPlatform.townshipB)
        try await test.user("wujin", role: "registry.manager", district: TestPlatform.county)
    }

    /// The value of the first hidden input `name` of a page.
    static func hidden(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    static func count(_ test: TestPlatform, _ sql: String) async throws -> Int {
        try await test.owner.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: test.logger).decode(Int.self).first() ?? -1
        }
    }

    @Test(
        "the director's overdue child on the work list; a red visit and a colour change wait in the township supervisor's queue, not the sibling township's; confirmed and returned as the API does, audited; the county's exports"
    )
    func worklistsAndConfirmation() async throws {
        try await TestPlatform.with(programmes: Catalogue.programmes.map { $0.init() }) { test in
            try await Self.users(test)
            try await test.withClient { client in
                let id = try await RegistryPagesTests.openChild(client)
                try await test.owner.withConnection { connection in
                    try await connection.query(
                        "UPDATE registry.files SET next_visit_due = current_date - 3 WHERE child_id = \(UUID(uuidString: id))",
                        logger: test.logger)
                }
                var director = FormBrowser(client: client)
                let home = try await director.signIn("mahang")
                #expect(home.text.contains(#"href="/registry/worklists""#) && !home.text.contains(#"href="/registry/confirmations""#))
                let overdue = try await director.get("/registry/worklists")
                #expect(overdue.status == .ok && overdue.text.contains(#"href="/registry/children/\#(id)""#), "\(overdue.text)")
                #expect(overdue.text.contains("农村留守儿童") && !overdue.text.contains(">rural-left-behind<"), "categories by name")
                #expect(!overdue.text.contains("/registry/exports/roster"), "a director may not export")
                let soon = try await director.get("/registry/worklists?list=due-soon&days=14")
                #expect(soon.status == .ok && soon.text.contains("张三明"))
                let elsewhere = try await director.get("/registry/worklists?district=\(TestPlatform.villageB)")
                #expect(elsewhere.status == .notFound && !elsewhere.text.contains("张三明"), "another village is outside the scope")

                var manager = FormBrowser(client: client)
                _ = try await manager.signIn("wujin")
                let county = try await manager.get("/registry/worklists?district=\(TestPlatform.county)")
                #expect(county.text.contains("张三明") && county.text.contains(">湖塘镇<"), "townships by name")
                let csvLink = "/registry/exports/roster?district=\(TestPlatform.county)&format=csv&overdue=true"
                #expect(county.text.contains(csvLink.replacingOccurrences(of: "&", with: "&amp;")), "the export link")
                let csv = try await manager.get(csvLink)
                #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true && csv.text.contains("张三明"))
                let xlsx = try await manager.get(csvLink.replacingOccurrences(of: "format=csv", with: "format=xlsx"))
                #expect(xlsx.status == .ok && xlsx.headers[.contentType]?.contains("spreadsheetml") == true)
                let roster = try await manager.get("/registry/roster?colour=green")
                #expect(roster.text.contains("/registry/exports/roster?district=\(TestPlatform.county)&amp;format=csv&amp;colour=green"))
                #expect(try await Self.count(test, "SELECT count(*)::int FROM core.audit WHERE action = 'file.export'") == 2)

                // A colour change to red asked by the director waits; a visit that forces red is red at once.
                let token = try await client.login("mahang")
                let asked = try await client.call(
                    .post, "/api/v1/registry/children/\(id)/risk", token: token, json: ["colour": "red", "reason": "监护人长期联系不上"])
                #expect(asked.status == .accepted, "\(asked.text)")
                let form = try await director.get("/registry/children/\(id)/visits/new")
                let visit = try await director.post(
                    "/registry/children/\(id)/visits/new",
                    [("_csrf", try #require(FormBrowser.formToken(form.text))), ("mode", "phone"), ("livesAlone", "true")])
                #expect(visit.text.contains("等待督导员确认"))

                var sibling = FormBrowser(client: client)
                _ = try await sibling.signIn("qianhuang")
                let theirs = try await sibling.get("/registry/confirmations")
                #expect(theirs.status == .ok && !theirs.text.contains("张三明"), "the sibling township's queue is empty")

                var supervisor = FormBrowser(client: client)
                let supervisorHome = try await supervisor.signIn("hutang")
                #expect(supervisorHome.text.contains(#"href="/registry/confirmations""#))
                let queue = try await supervisor.get("/registry/confirmations")
                #expect(queue.text.contains("张三明") && queue.text.contains("脱离监护单独生活") && queue.text.contains("监护人长期联系不上"))
                #expect(queue.text.contains("电话"), "the mode by name")
                let visitID = try #require(Self.hidden("visit", in: queue.text))
                let formToken = try #require(FormBrowser.formToken(queue.text))
                let noNote = try await supervisor.post("/registry/confirmations", [("_csrf", formToken), ("visit", visitID), ("note", " ")])
                #expect(noNote.status == .unprocessableContent && noNote.text.contains("请填写督导意见") && noNote.text.contains("field invalid"))
                let forged = try await sibling.post(
                    "/registry/confirmations",
                    [("_csrf", try #require(FormBrowser.formToken(theirs.text))), ("visit", visitID), ("note", "已核实")])
                #expect(forged.status == .notFound, "another township's supervisor cannot confirm it")
                let confirmed = try await supervisor.post(
                    "/registry/confirmations", [("_csrf", formToken), ("visit", visitID), ("note", "已电话核实, 安排入户")])
                #expect(confirmed.status == .seeOther)
                #expect(
                    try await Self.count(
                        test, "SELECT count(*)::int FROM registry.visits WHERE reviewed_by = 'hutang' AND review_note = '已电话核实, 安排入户'") == 1
                )
                #expect(try await Self.count(test, "SELECT count(*)::int FROM core.audit WHERE action = 'visit.review'") == 1)

                let change = try #require(
                    queue.text.range(of: #"/registry/risk-changes/(\d+)/decision"#, options: .regularExpression).map {
                        String(queue.text[$0])
                    })
                let returned = try await supervisor.post(change, [("_csrf", formToken), ("decision", "return"), ("note", "先入户核实")])
                #expect(returned.status == .seeOther)
                #expect(try await Self.count(test, "SELECT count(*)::int FROM registry.risk_changes WHERE status = 'rejected'") == 1)
                #expect(try await Self.count(test, "SELECT count(*)::int FROM core.audit WHERE action = 'risk.reject'") == 1)
                let after = try await supervisor.get("/registry/confirmations")
                #expect(!after.text.contains("张三明"), "nothing waits any more")
                let again = try await supervisor.post(change, [("_csrf", formToken), ("decision", "confirm")])
                #expect(again.status == .notFound, "a decided change cannot be decided again")
            }
        }
    }

    @Test(
        "the receiving village refuses a transfer only with a reason, the sender sees its state and cannot accept it, the receiver accepts the next; survey progress and the workforce ledger in scope"
    )
    func transfersSurveysWorkforce() async throws {
        try await TestPlatform.with(programmes: Catalogue.programmes.map { $0.init() }) { test in
            try await Self.users(test)
            try await test.withClient { client in
                let id = try await RegistryPagesTests.openChild(client)
                let managerToken = try await client.login("wujin")
                func propose() async throws {
                    let proposed = try await client.call(
                        .post, "/api/v1/registry/children/\(id)/transfers", token: managerToken,
                        json: ["toDistrict": TestPlatform.villageB.description, "reason": "随父母迁居"])
                    #expect(proposed.status == .created, "\(proposed.text)")
                }
                try await propose()
                var receiver = FormBrowser(client: client)
                _ = try await receiver.signIn("lujiaxiang")
                let inbox = try await receiver.get("/registry/transfers")
                #expect(inbox.text.contains("张三明") && inbox.text.contains("随父母迁居") && inbox.text.contains("农村留守儿童"))
                let transfer = try #require(Self.hidden("transfer", in: inbox.text))
                let token = try #require(FormBrowser.formToken(inbox.text))
                let bare = try await receiver.post(
                    "/registry/transfers", [("_csrf", token), ("transfer", transfer), ("decision", "refuse")])
                #expect(bare.status == .unprocessableContent && bare.text.contains("拒绝须注明理由") && bare.text.contains("field invalid"))
                let refused = try await receiver.post(
                    "/registry/transfers", [("_csrf", token), ("transfer", transfer), ("decision", "refuse"), ("note", "地址不在本村")])
                #expect(refused.status == .seeOther)

                var sender = FormBrowser(client: client)
                _ = try await sender.signIn("mahang")
                let outgoing = try await sender.get("/registry/transfers")
                #expect(outgoing.text.contains("已拒绝") && outgoing.text.contains("地址不在本村"), "the outgoing transfer's state")
                try await propose()
                let second = try #require(Self.hidden("transfer", in: try await receiver.get("/registry/transfers").text))
                let notTheirs = try await sender.post(
                    "/registry/transfers",
                    [("_csrf", try #require(FormBrowser.formToken(outgoing.text))), ("transfer", second), ("decision", "accept")])
                #expect(notTheirs.status == .forbidden, "only the receiving side decides")
                let accepted = try await receiver.post(
                    "/registry/transfers", [("_csrf", token), ("transfer", second), ("decision", "accept")])
                #expect(accepted.status == .seeOther)
                #expect(try await receiver.get("/registry/children/\(id)").status == .ok, "the file moved to the receiver")
                #expect(try await Self.count(test, "SELECT count(*)::int FROM core.audit WHERE action LIKE 'transfer.%'") >= 4)

                let today = CalendarDate.today(Date())
                let opened = try await client.call(
                    .post, "/api/v1/registry/survey-rounds", token: managerToken,
                    json: [
                        "district": TestPlatform.county.description, "title": "2026 年下半年摸底排查",
                        "opensOn": today.adding(days: -10).description, "closesOn": today.adding(days: 20).description
                    ])
                #expect(opened.status == .created, "\(opened.text)")
                var manager = FormBrowser(client: client)
                _ = try await manager.signIn("wujin")
                let rounds = try await manager.get("/registry/survey-rounds")
                #expect(
                    rounds.status == .ok && rounds.text.contains("2026 年下半年摸底排查") && rounds.text.contains("已排查 0 / 1 名"), "\(rounds.text)")
                #expect(rounds.text.contains("<svg"), "progress by township as bars")
                let village = try await receiver.get("/registry/survey-rounds")
                #expect(village.text.contains("已排查 0 / 1 名"), "the receiving village has the child now")
                let emptyVillage = try await sender.get("/registry/survey-rounds")
                #expect(emptyVillage.text.contains("已排查 0 / 0 名"))

                let appointed = try await client.call(
                    .post, "/api/v1/registry/workers", token: managerToken,
                    json: [
                        "district": TestPlatform.villageA.description, "role": "director", "name": "李主任", "phone": "13912341111",
                        "appointedOn": "2024-01-01"
                    ])
                #expect(appointed.status == .created, "\(appointed.text)")
                let ledger = try await manager.get("/registry/workforce")
                #expect(ledger.text.contains("李主任") && ledger.text.contains("139****1111") && !ledger.text.contains("13912341111"))
                #expect(ledger.text.contains("儿童主任") && !ledger.text.contains(">director<"), "the post by name")
                let siblingLedger = try await receiver.get("/registry/workforce")
                #expect(siblingLedger.status == .ok && !siblingLedger.text.contains("李主任"), "another village's ledger")
            }
        }
    }

    static let boundary = "----tonghu-console-form-7f3a1e0c"

    /// The page's upload form as Chromium sends it: its action (with the token), the file as its one part.
    static func upload(_ browser: FormBrowser, action: String, csv: String) async throws -> FormBrowser.Answer {
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"名单.csv\"\r\n".utf8)
        body += Data("Content-Type: text/csv\r\n\r\n".utf8) + Data(csv.utf8) + Data("\r\n--\(boundary)--\r\n".utf8)
        var headers = browser.headers
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return try await browser.client.execute(uri: action, method: .post, headers: headers, body: ByteBuffer(data: body)) {
            ($0.status, String(buffer: $0.body), $0.headers)
        }
    }

    @Test(
        "an upload with a broken row shows the row's line, field and message and writes nothing; the other button keeps the valid rows; no token, refused; a director has no upload"
    )
    func upload() async throws {
        try await TestPlatform.with(programmes: Catalogue.programmes.map { $0.init() }) { test in
            try await Self.users(test)
            try await test.withClient { client in
                var manager = FormBrowser(client: client)
                _ = try await manager.signIn("wujin")
                let page = try await manager.get("/registry/imports")
                #expect(page.status == .ok && page.text.contains(#"enctype="multipart/form-data""#))
                let action = try #require(
                    page.text.range(of: #"/registry/imports\?_csrf=[^"]+allOrNothing=true"#, options: .regularExpression).map {
                        String(page.text[$0]).replacingOccurrences(of: "&amp;", with: "&")
                    })
                let csv = [
                    "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始",
                    "320412201505050015,张三明,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01",
                    "320412201505050016,李四,320412100201,320412100201,农村,,,,",
                    "320412201505050023,王五,320412100201,320412100201,农村,,,,"
                ].joined(separator: "\r\n")
                let broken = try await Self.upload(manager, action: action, csv: csv)
                #expect(broken.status == .ok, "\(broken.text)")
                #expect(
                    broken.text.contains("全部未导入") && broken.text.contains("<td>3</td>") && broken.text.contains("idNumber"),
                    "\(broken.text)")
                #expect(try await Self.count(test, "SELECT count(*)::int FROM registry.files") == 0, "nothing half-written")

                let kept = try await Self.upload(
                    manager, action: action.replacingOccurrences(of: "allOrNothing=true", with: "allOrNothing=false"), csv: csv)
                #expect(kept.text.contains("建档 2 名") && kept.text.contains("<td>3</td>"), "\(kept.text)")
                #expect(try await Self.count(test, "SELECT count(*)::int FROM registry.files") == 2)

                let unsigned = try await Self.upload(manager, action: "/registry/imports?allOrNothing=true", csv: csv)
                #expect(unsigned.status == .forbidden && unsigned.text.contains("表单已失效"))

                var director = FormBrowser(client: client)
                let home = try await director.signIn("mahang")
                #expect(!home.text.contains(#"href="/registry/imports""#))
                #expect(try await director.get("/registry/imports").status == .forbidden)
            }
        }
    }
}
