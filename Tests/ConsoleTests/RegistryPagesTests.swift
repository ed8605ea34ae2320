import Catalogue
import Contract
import Foundation
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

/// The registry's console pages (工作台) through the gateway, as a browser uses them.
@Suite("工作台 registry pages")
struct RegistryPagesTests {
    static let idNumber = "320412201505050015"

    /// A rural left-behind child in 马杭村, opened through the API by the county manager; its file id.
    static func openChild(_ client: any TestClientProtocol) async throws -> String {
        let token = try await client.login("wujin")
        let village = TestPlatform.villageA.description
        let opened = try await client.call(
            .post, "/api/v1/registry/children", token: token,
            json: [
                "idNumber": idNumber, "name": "张三明", "residenceDistrict": village, "hukouDistrict": village, "hukouType": "rural",
                "parents": [
                    ["parent": "father", "condition": "working-away", "since": "2024-03-01"],
                    ["parent": "mother", "condition": "working-away", "since": "2024-03-01"]
                ]
            ])
        #expect(opened.status == .created, "\(opened.text)")
        return try #require(opened.body["id"] as? String)
    }

    @Test(
        "roster with pinyin-initial search links to the file; the file is masked and names the rule; unmasking is a form; a sibling village's director gets the 404 page"
    )
    func rosterAndFile() async throws {
        try await TestPlatform.with(programmes: Catalogue.programmes.map { $0.init() }) { test in
            try await test.user("mahang", role: "registry.director", district: TestPlatform.villageA)
            try await test.user("lujiaxiang", role: "registry.director", district: TestPlatform.villageB)
            try await test.user("wujin", role: "registry.manager", district: TestPlatform.county)
            try await test.withClient { client in
                let id = try await Self.openChild(client)
                // The first visit overdue: the work list and the roster's overdue filter find it.
                try await test.owner.withConnection { connection in
                    try await connection.query(
                        "UPDATE registry.files SET next_visit_due = current_date - 3 WHERE child_id = \(UUID(uuidString: id))",
                        logger: test.logger)
                }
                var director = FormBrowser(client: client)
                let home = try await director.signIn("mahang")
                #expect(home.text.contains(#"href="/registry/roster""#), "the roster in the navigation")
                #expect(
                    home.text.contains("本周应走访与逾期") && home.text.contains("张三明"), "the overdue child in the week's work list")

                let roster = try await director.get("/registry/roster?name=zsm")
                #expect(roster.status == .ok)
                #expect(roster.text.contains(#"href="/registry/children/\#(id)""#), "found by its pinyin initials")
                #expect(roster.text.utf8.count < 100_000)
                let overdue = try await director.get("/registry/roster?overdue=true&colour=")
                #expect(overdue.text.contains("张三明") && overdue.text.contains("逾期"), "the overdue filter, an empty select absent")
                let none = try await director.get("/registry/roster?name=lss")
                #expect(!none.text.contains("张三明") && !none.text.contains("value=\"lss\""), "a search that found nobody is not echoed")
                let refused = try await director.get("/registry/roster?minAge=abc")
                #expect(refused.status == .unprocessableContent && refused.text.contains("field invalid"), "the refused field beside it")

                let file = try await director.get("/registry/children/\(id)")
                #expect(file.status == .ok)
                #expect(file.text.contains("张三明") && file.text.contains("类别与认定依据"), "\(file.text)")
                #expect(!file.text.contains(Self.idNumber), "masked")
                #expect(!file.text.contains("/reveal"), "a director may not unmask")

                var sibling = FormBrowser(client: client)
                _ = try await sibling.signIn("lujiaxiang")
                let hidden = try await sibling.get("/registry/children/\(id)")
                #expect(hidden.status == .notFound && hidden.text.contains("页面不存在"))
                let hiddenForm = try await sibling.get("/registry/children/\(id)/visits/new")
                #expect(hiddenForm.status == .notFound && !hiddenForm.text.contains(id), "nor its visit form")

                var manager = FormBrowser(client: client)
                _ = try await manager.signIn("wujin")
                let county = try await manager.get("/home")
                #expect(county.text.contains("各乡镇逾期走访") && county.text.contains("<svg"), "the county's overdue visits by township")
                #expect(county.text.contains("<rect") && !county.text.contains("style="), "a bar, no inline style")
                let masked = try await manager.get("/registry/children/\(id)")
                #expect(!masked.text.contains(Self.idNumber), "masked until asked")
                let token = try #require(FormBrowser.formToken(masked.text))
                let revealed = try await manager.post("/registry/children/\(id)/reveal", [("_csrf", token)])
                #expect(revealed.status == .ok && revealed.text.contains(Self.idNumber), "\(revealed.status)")
                let forged = try await manager.post("/registry/children/\(id)/reveal", [])
                #expect(forged.status == .forbidden && !forged.text.contains(Self.idNumber), "no CSRF token, nothing shown")

                // The visit form, after the county chart showed the overdue child.
                let form = try await director.get("/registry/children/\(id)/visits/new")
                #expect(form.status == .ok && form.text.contains("勾选即定为红色"), "the findings that force red explained")
                let visit = try await director.post(
                    "/registry/children/\(id)/visits/new",
                    [("_csrf", try #require(FormBrowser.formToken(form.text))), ("mode", "home"), ("livesAlone", "true"), ("visitedOn", "")]
                )
                #expect(visit.status == .ok && visit.text.contains("等待督导员确认"), "\(visit.status) \(visit.text.suffix(800))")
                let badMode = try await director.post(
                    "/registry/children/\(id)/visits/new", [("_csrf", try #require(FormBrowser.formToken(form.text))), ("mode", "letter")])
                #expect(badMode.status == .unprocessableContent && badMode.text.contains("field invalid"), "the refusal beside the field")
            }
        }
    }
}
