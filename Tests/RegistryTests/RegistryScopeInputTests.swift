import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

@Suite("registry scope and bad input, route by route")
struct RegistryScopeInputTests {
    @Test("another village's director gets 404 on parents, categories, exit reviews, risk, agreements and transfers")
    func scopeOfWrites() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let back = try await client.call(
                .post, "/api/v1/registry/children/\(id)/parents", token: tokens.director,
                json: ["parent": "father", "condition": "working-away", "since": "2024-03-01", "until": "2026-10-01"])
            let review = try #require((back.body["openExitReviews"] as? [[String: Any]])?.first?["id"] as? Int)
            let writes: [(String, [String: Any])] = [
                ("/children/\(id)/parents", ["parent": "mother", "condition": "dead", "since": "2025-01-01"]),
                ("/children/\(id)/categories", ["category": "disabled", "reason": "残疾证"]),
                ("/exit-reviews/\(review)/resolve", ["resolution": "exited", "reason": "父亲返乡"]),
                ("/children/\(id)/risk", ["colour": "yellow", "reason": "成绩下滑"]),
                (
                    "/children/\(id)/agreements",
                    ["carerName": "张奶奶", "relationship": "祖母", "starts": "2024-03-01", "signedOn": "2024-03-01"]
                ),
                ("/children/\(id)/transfers", ["toDistrict": TestPlatform.villageB.description, "reason": "迁居"])
            ]
            for (path, body) in writes {
                let response = try await client.call(.post, "/api/v1/registry\(path)", token: tokens.otherDirector, json: body)
                #expect(response.status == .notFound, "\(path): \(response.status)")
            }
            // Nothing was changed by the refused writes.
            let file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director)
            #expect((file.body["parents"] as? [Any])?.count == 2)
            #expect((file.body["openExitReviews"] as? [Any])?.count == 1)
            #expect(file.body["riskColour"] as? String == "green")
            #expect((file.body["careAgreements"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(
        "the household-registration township opens the file of a child living in another township, and records a visit; both townships see it"
    )
    func householdRegistrationSide() async throws {
        try await RegistryFixture.with { test, client, tokens in
            var child = RegistryFixture.leftBehind(village: TestPlatform.villageB)
            child["hukouDistrict"] = TestPlatform.villageA.description
            let opened = try await client.call(.post, "/api/v1/registry/children", token: tokens.supervisor, json: child)
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened.body["id"] as? String)
            let visit = try await client.call(
                .post, "/api/v1/registry/children/\(id)/visits", token: tokens.supervisor, json: ["visitedOn": "2026-11-01", "mode": "home"]
            )
            #expect(visit.status == .created, "\(visit.text)")
            #expect(try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.otherSupervisor).status == .ok)
            #expect(try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director).status == .ok)
            let events = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT count(*)::int FROM core.events WHERE child_id = \(UUID(uuidString: id)!) AND district = \(TestPlatform.villageB.value)",
                    logger: test.logger
                ).decode(Int.self).collect()[0]
            }
            #expect(events >= 2)
        }
    }

    @Test(
        "a viewer reads but cannot write; a director cannot review visits or export",
        arguments: [
            ("registry.viewer", "/children/ID/visits", 403), ("registry.viewer", "/children/ID/risk", 403),
            ("registry.director", "/visits/VISIT/review", 403)
        ])
    func permissions(role: String, path: String, status: Int) async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.user("reader", role: role, district: TestPlatform.county)
            let token = try await client.login("reader")
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let visit = try #require(
                try await client.call(
                    .post, "/api/v1/registry/children/\(id)/visits", token: tokens.director,
                    json: ["visitedOn": "2026-11-01", "mode": "home"]
                ).body["id"] as? String)
            #expect(try await client.call(.get, "/api/v1/registry/children/\(id)", token: token).status == .ok)
            let target = path.replacingOccurrences(of: "ID", with: id).replacingOccurrences(of: "VISIT", with: visit)
            let response = try await client.call(
                .post, "/api/v1/registry\(target)", token: token,
                json: ["visitedOn": "2026-11-02", "mode": "home", "colour": "yellow", "reason": "x", "note": "x"])
            #expect(response.status.code == status)
        }
    }

    @Test(
        "a visit with a bad field is refused naming it, and nothing is recorded",
        arguments: [
            (#"{"visitedOn": "2026-11-01", "mode": "letter"}"#, "mode"),
            (#"{"visitedOn": "2099-01-01", "mode": "home"}"#, "visitedOn"),
            (#"{"visitedOn": "2026-13-01", "mode": "home"}"#, "visitedOn"),
            (#"{"mode": "home"}"#, "visitedOn"),
            (#"{"visitedOn": "2026-11-01"}"#, "mode"),
            (#"{"visitedOn": "2026-11-01", "mode": "home", "findings": {"livesAlone": "是"}}"#, "findings.livesAlone"),
            (#"{"visitedOn": "2026-11-01", "mode": "home", "met": "child"}"#, "met")
        ])
    func badVisits(body: String, field: String) async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let response = try await client.call(.post, "/api/v1/registry/children/\(id)/visits", token: tokens.director, raw: body)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(response.body["field"] as? String == field)
            let file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director)
            #expect((file.body["recentVisits"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("the roster exports as CSV Excel opens: masked for the supervisor, full and audited for the manager")
    func export() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            _ = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.manager,
                json: RegistryFixture.leftBehind("320412201406060023", village: TestPlatform.villageB))
            #expect(
                try await client.call(.get, "/api/v1/registry/exports/roster?district=320412000000", token: tokens.director).status
                    == .forbidden)
            #expect(try await client.call(.get, "/api/v1/registry/exports/roster", token: tokens.manager).status == .unprocessableContent)

            let masked = try await client.call(.get, "/api/v1/registry/exports/roster?district=320412100000", token: tokens.supervisor)
            #expect(masked.status == .ok)
            #expect(masked.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(masked.text.hasPrefix("\u{FEFF}儿童编号,姓名,身份证号"))
            let lines = masked.text.split(separator: "\r\n")
            #expect(lines.count == 2, "the supervisor of 湖塘镇 sees one child: \(lines)")
            #expect(lines.last?.contains("320412********0015") == true)

            let full = try await client.call(
                .get, "/api/v1/registry/exports/roster?district=320412000000&category=rural-left-behind", token: tokens.manager)
            #expect(full.text.split(separator: "\r\n").count == 3)
            #expect(full.text.contains("320412201505050015"))
            try await test.platform.context.auditReads.flush()
            let entries = try await test.owner.withConnection {
                try await test.platform.context.audit.query(AuditFilter(child: UUID(uuidString: id)), on: $0)
            }
            #expect(entries.contains { $0.action == "pii.reveal" && $0.actor == "wujin" })
        }
    }
}

@Suite("registry CSV upload")
struct RegistryUploadTests {
    static let csv = """
        身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始
        320412201505050015,张三明,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01
        320411201406060027,李小红,320411100201,320411100201,农村,,,,
        320412201505050016,王五,320412100201,320412100201,农村,,,,
        320412201406060023,赵六,320412101201,320412101201,城镇,,,,

        """

    @Test("an upload keeps the valid rows, names each refused line (outside the scope, bad checksum) and re-runs without duplicates")
    func upload() async throws {
        try await RegistryFixture.with { _, client, tokens in
            #expect(try await client.call(.post, "/api/v1/registry/imports", token: tokens.director, raw: Self.csv).status == .forbidden)
            let strict = try await client.call(.post, "/api/v1/registry/imports?allOrNothing=true", token: tokens.manager, raw: Self.csv)
            #expect(strict.status == .unprocessableContent)
            #expect(strict.body["opened"] as? Int == 0)
            #expect(
                (try await client.call(.get, "/api/v1/registry/children?district=320412000000", token: tokens.manager).body["children"]
                    as? [Any])?.isEmpty == true)

            let first = try await client.call(.post, "/api/v1/registry/imports", token: tokens.manager, raw: Self.csv)
            #expect(first.status == .unprocessableContent, "\(first.text)")
            #expect(first.body["opened"] as? Int == 2)
            let rejected = try #require(first.body["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["row"] as? Int } == [3, 4])
            #expect(rejected.map { $0["field"] as? String } == ["residenceDistrict", "idNumber"])
            let again = try await client.call(.post, "/api/v1/registry/imports", token: tokens.manager, raw: Self.csv)
            #expect(again.body["opened"] as? Int == 0)
            #expect(again.body["alreadyOpen"] as? Int == 2)
            let roster = try await client.call(
                .get, "/api/v1/registry/children?district=320412000000&category=rural-left-behind", token: tokens.manager)
            #expect((roster.body["children"] as? [[String: Any]])?.map { $0["name"] as? String } == ["张三明"])
            #expect(try await client.call(.post, "/api/v1/registry/imports", token: tokens.manager, raw: "").status == .badRequest)
        }
    }

    @Test(
        "an upload by a township's manager opens a file whose household registration is in the township; a child registered in another county is refused by line"
    )
    func uploadAcrossDistricts() async throws {
        try await RegistryFixture.with { test, client, _ in
            try await test.user("hutang-manager", role: "registry.manager", district: TestPlatform.townshipA)
            let token = try await client.login("hutang-manager")
            _ = try await test.owner.transaction { connection in
                try await test.platform.context.children.register(
                    try ChildRepository.validate(
                        NewChild(
                            idNumber: "320412201406060023", name: "赵六", residenceDistrict: "320411100201", hukouDistrict: "320411100201"),
                        today: WallClock.system.today()),
                    on: connection)
            }
            let csv = """
                身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始
                320412201505050015,张三明,320412101201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01
                320412201406060023,赵六,320412100201,320412100201,农村,,,,

                """
            let upload = try await client.call(.post, "/api/v1/registry/imports", token: token, raw: csv)
            #expect(upload.status == .unprocessableContent, "\(upload.text)")
            #expect(upload.body["opened"] as? Int == 1)
            let rejected = try #require(upload.body["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["row"] as? Int } == [3] && rejected.map { $0["field"] as? String } == ["idNumber"])
            let roster = try await client.call(
                .get, "/api/v1/registry/children?district=320412100000&category=rural-left-behind", token: token)
            #expect((roster.body["children"] as? [[String: Any]])?.map { $0["residenceDistrict"] as? String } == ["320412101201"])
        }
    }
}
