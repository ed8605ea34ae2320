import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

@Suite("儿童信息台账 routes")
struct RegistryRouteTests {
    @Test("the registry passes the programme conformance check")
    func conformance() async throws {
        try await ProgrammeConformance.check(RegistryProgramme.self)
    }

    @Test("a village director opens a file: the category is derived with its rule and facts, the ID and phone masked")
    func openFile() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let opened = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
            #expect(opened.status == .created, "\(opened.text)")
            #expect(opened.body["idNumberMasked"] as? String == "320412********0015")
            #expect(opened.body["idNumber"] == nil)
            let categories = try #require(opened.body["categories"] as? [[String: Any]])
            #expect(categories.first?["category"] as? String == "rural-left-behind")
            #expect(categories.first?["source"] as? String == "derived")
            #expect((categories.first?["rule"] as? String)?.contains("13号") == true)
            #expect((categories.first?["facts"] as? [String])?.isEmpty == false)
            let contacts = try #require(opened.body["contacts"] as? [[String: Any]])
            #expect(contacts.first?["phone"] as? String == "138****5678")
            #expect(opened.body["riskColour"] as? String == "green")
            let again = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
            #expect(again.status == .conflict)
            var graded = RegistryFixture.leftBehind("320412201406060023")
            graded["disabilityGrade"] = 9
            let refused = try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: graded)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body["field"] as? String == "disabilityGrade")
        }
    }

    @Test("scope: a director sees only their village, a supervisor their township, through every route")
    func scope() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            for token in [tokens.director, tokens.supervisor, tokens.manager] {
                #expect(try await client.call(.get, "/api/v1/registry/children/\(id)", token: token).status == .ok)
            }
            for token in [tokens.otherDirector, tokens.otherSupervisor] {
                #expect(try await client.call(.get, "/api/v1/registry/children/\(id)", token: token).status == .notFound)
                #expect(
                    try await client.call(.post, "/api/v1/registry/children/search", token: token, json: ["idNumber": "320412201505050015"])
                        .status == .notFound)
                #expect(
                    try await client.call(
                        .post, "/api/v1/registry/children/\(id)/visits", token: token, json: ["visitedOn": "2026-11-01", "mode": "home"]
                    ).status == .notFound)
                #expect(try await client.call(.get, "/api/v1/registry/children?district=320412100000", token: token).status == .notFound)
                #expect(
                    (try await client.call(.get, "/api/v1/registry/children", token: token).body["children"] as? [Any])?.isEmpty == true)
            }
            let mine = try await client.call(
                .get, "/api/v1/registry/children?district=320412100000&category=rural-left-behind", token: tokens.supervisor)
            #expect((mine.body["children"] as? [[String: Any]])?.first?["id"] as? String == id)
        }
    }

    @Test("a visit finding a child under 16 living alone forces red at once; the next visit is due within red's interval")
    func forcedRed() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let visit = try await client.call(
                .post, "/api/v1/registry/children/\(id)/visits", token: tokens.director,
                json: ["visitedOn": "2026-11-20", "mode": "home", "met": ["child"], "findings": ["livesAlone": true, "living": "独自居住"]])
            #expect(visit.status == .created, "\(visit.text)")
            #expect(visit.body["colourAfter"] as? String == "red")
            #expect(visit.body["nextDue"] as? String == "2026-11-27")
            #expect((visit.body["forcedBecause"] as? [String])?.isEmpty == false)
            let file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director)
            #expect(file.body["riskColour"] as? String == "red")
        }
    }

    @Test("a director's change to red waits for the supervisor; the supervisor confirms it")
    func supervisorConfirmation() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let yellow = try await client.call(
                .post, "/api/v1/registry/children/\(id)/risk", token: tokens.director, json: ["colour": "yellow", "reason": "成绩下滑"])
            #expect(yellow.status == .ok)
            let red = try await client.call(
                .post, "/api/v1/registry/children/\(id)/risk", token: tokens.director, json: ["colour": "red", "reason": "疑似心理危机"])
            #expect(red.status == .accepted)
            var file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.supervisor)
            #expect(file.body["riskColour"] as? String == "yellow")
            let pending = try #require((file.body["pendingRiskChange"] as? [String: Any])?["id"] as? Int)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/risk-changes/\(pending)/decision", token: tokens.director, json: ["approve": true]
                ).status == .forbidden)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/risk-changes/\(pending)/decision", token: tokens.otherSupervisor, json: ["approve": true]
                ).status == .notFound)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/risk-changes/\(pending)/decision", token: tokens.supervisor,
                    json: ["approve": true, "note": "同意"]
                ).status == .noContent)
            file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.supervisor)
            #expect(file.body["riskColour"] as? String == "red")
            #expect(file.body["pendingRiskChange"] == nil)
        }
    }

    @Test("cadence comes from the risk scheme set at the province and overridden at a county")
    func cadenceFromPolicy() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let province = RiskScheme.standard.with(interval: 20, for: .green)
            let township = RiskScheme.standard.with(interval: 10, for: .green)
            try await test.owner.withConnection { connection in
                try await test.platform.context.policy.set(
                    RegistryPolicy.riskScheme.key, district: TestPlatform.province, effectiveFrom: CalendarDate("2026-01-01")!,
                    value: JSONText.encoding(province), source: "省方案", on: connection)
                try await test.platform.context.policy.set(
                    RegistryPolicy.riskScheme.key, district: TestPlatform.townshipA, effectiveFrom: CalendarDate("2026-01-01")!,
                    value: JSONText.encoding(township), source: "镇方案", on: connection)
            }
            let a = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.manager, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let b = try #require(
                try await client.call(
                    .post, "/api/v1/registry/children", token: tokens.manager,
                    json: RegistryFixture.leftBehind("320412201406060023", village: TestPlatform.villageB)
                ).body["id"] as? String)
            let visitA = try await client.call(
                .post, "/api/v1/registry/children/\(a)/visits", token: tokens.manager, json: ["visitedOn": "2026-11-01", "mode": "phone"])
            let visitB = try await client.call(
                .post, "/api/v1/registry/children/\(b)/visits", token: tokens.manager, json: ["visitedOn": "2026-11-01", "mode": "home"])
            #expect(visitA.body["nextDue"] as? String == "2026-11-11")
            #expect(visitB.body["nextDue"] as? String == "2026-11-21")
        }
    }

    @Test(
        "the overdue work list of a county groups by township, and a township or village lists the same child, a district wider than the caller's scope is a 404; indicators count categories, colours and coverage"
    )
    func overdueAndIndicators() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let a = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.manager, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let b = try #require(
                try await client.call(
                    .post, "/api/v1/registry/children", token: tokens.manager,
                    json: RegistryFixture.leftBehind("320412201406060023", village: TestPlatform.villageB)
                ).body["id"] as? String)
            try await test.owner.withConnection { connection in
                try await connection.run(
                    "UPDATE registry.files SET next_visit_due = current_date - 3 WHERE child_id = \(UUID(uuidString: a)!)",
                    logger: test.logger)
            }
            let list = try await client.call(.get, "/api/v1/registry/worklists/overdue?district=320412000000", token: tokens.manager)
            #expect(list.status == .ok)
            #expect(list.body["total"] as? Int == 1)
            #expect((list.body["byDistrict"] as? [[String: Any]])?.first?["district"] as? String == "320412100000")
            #expect((list.body["children"] as? [[String: Any]])?.first?["id"] as? String == a)
            for district in ["320412100000", "320412100201"] {
                let narrower = try await client.call(.get, "/api/v1/registry/worklists/overdue?district=\(district)", token: tokens.manager)
                #expect(narrower.body["total"] as? Int == 1, "\(district)")
                #expect((narrower.body["children"] as? [[String: Any]])?.first?["id"] as? String == a, "\(district)")
            }
            // The city is wider than the manager's county, and the county wider than 牛塘镇: neither is answered for.
            #expect(
                try await client.call(.get, "/api/v1/registry/worklists/overdue?district=320400000000", token: tokens.manager).status
                    == .notFound)
            #expect(
                try await client.call(.get, "/api/v1/registry/worklists/overdue?district=320412000000", token: tokens.otherSupervisor)
                    .status == .notFound)
            #expect(
                try await client.call(.get, "/api/v1/registry/indicators?district=320412000000", token: tokens.director).status == .notFound
            )
            let theirs = try await client.call(
                .get, "/api/v1/registry/worklists/overdue?district=320412101000", token: tokens.otherSupervisor)
            #expect(theirs.body["total"] as? Int == 0)
            let indicators = try await client.call(.get, "/api/v1/registry/indicators?district=320412000000", token: tokens.manager)
            #expect(indicators.body["children"] as? Int == 2)
            #expect(indicators.body["overdueVisits"] as? Int == 1)
            // 走访覆盖率: children visited and not yet due again, over all children; a file never visited is not covered.
            #expect(indicators.body["visitCoverage"] as? Double == 0)
            let visited = try await client.call(
                .post, "/api/v1/registry/children/\(b)/visits", token: tokens.manager,
                json: ["visitedOn": WallClock.system.today().description, "mode": "home"])
            #expect(visited.status == .created, "\(visited.text)")
            let afterVisit = try await client.call(.get, "/api/v1/registry/indicators?district=320412000000", token: tokens.manager)
            #expect(afterVisit.body["visitCoverage"] as? Double == 0.5 && afterVisit.body["overdueVisits"] as? Int == 1)
            #expect((indicators.body["byCategory"] as? [String: Int])?["rural-left-behind"] == 2)
            #expect(indicators.body["agreementSigningRate"] as? Double == 0)
            #expect(
                try await client.call(.get, "/api/v1/registry/worklists/overdue", token: tokens.manager).status == .unprocessableContent)
        }
    }

    @Test("the manager sees the ID and phone unmasked; every unmasked view is audited")
    func maskingAndAudit() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let masked = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.supervisor)
            #expect(masked.body["idNumber"] == nil)
            let unmasked = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.manager)
            #expect(unmasked.body["idNumber"] as? String == "320412201505050015")
            #expect((unmasked.body["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "13812345678")
            try await test.platform.context.auditReads.flush()
            let entries = try await test.owner.withConnection {
                try await test.platform.context.audit.query(AuditFilter(child: UUID(uuidString: id)), on: $0)
            }
            #expect(entries.filter { $0.action == "pii.reveal" }.map(\.actor) == ["wujin"])
            // Opening the file answers with it: that is a read too, so three reads in all.
            #expect(entries.filter { $0.action == "file.read" }.count == 3)
            #expect(entries.contains { $0.action == "file.open" && $0.actor == "mahang" })
        }
    }

    @Test("a file is completed later: only the fields sent change, bad ones are named, adoption sends the category to exit review")
    func completeLater() async throws {
        try await RegistryFixture.with { _, client, tokens in
            var child = RegistryFixture.leftBehind()
            child["hukouDistrict"] = TestPlatform.villageB.description
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: child).body["id"] as? String)
            let updated = try await client.call(
                .patch, "/api/v1/registry/children/\(id)", token: tokens.director,
                json: ["school": "湖塘实验小学", "grade": "四年级", "responsibleDistrict": TestPlatform.villageB.description])
            #expect(updated.status == .ok, "\(updated.text)")
            #expect((updated.body["details"] as? [String: String])?["school"] == "湖塘实验小学")
            #expect(updated.body["responsibleDistrict"] as? String == TestPlatform.villageB.description)
            #expect((updated.body["contacts"] as? [Any])?.count == 1)
            for (body, field) in [
                (["disabilityGrade": 5], "disabilityGrade"),
                (["responsibleDistrict": TestPlatform.townshipA.description], "responsibleDistrict"),
                (["hukouType": "城里"], "hukouType")
            ] as [([String: Any], String)] {
                let refused = try await client.call(.patch, "/api/v1/registry/children/\(id)", token: tokens.director, json: body)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.body["field"] as? String == field)
            }
            let cleared = try await client.call(
                .patch, "/api/v1/registry/children/\(id)", token: tokens.director, json: ["grade": "", "adopted": true])
            #expect((cleared.body["details"] as? [String: String])?["grade"] == nil)
            #expect((cleared.body["openExitReviews"] as? [[String: Any]])?.first?["category"] as? String == "rural-left-behind")
        }
    }

    @Test("staff assign national categories and a district's own from policy; an unknown one is refused naming the field")
    func localCategories() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.owner.withConnection { connection in
                try await test.platform.context.policy.set(
                    RegistryPolicy.localCategories.key, district: TestPlatform.county, effectiveFrom: CalendarDate("2026-01-01")!,
                    value: #"{"temporary-difficulty": "临时困境儿童"}"#, source: "区方案", on: connection)
            }
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let choices = try await client.call(
                .get, "/api/v1/registry/categories?district=\(TestPlatform.villageA)", token: tokens.director)
            #expect(
                (choices.body["categories"] as? [[String: Any]])?.contains {
                    $0["category"] as? String == "temporary-difficulty" && $0["name"] as? String == "临时困境儿童"
                } == true)
            let local = try await client.call(
                .post, "/api/v1/registry/children/\(id)/categories", token: tokens.director,
                json: ["category": "temporary-difficulty", "reason": "家中突发火灾"])
            #expect(local.status == .ok, "\(local.text)")
            #expect(
                (local.body["categories"] as? [[String: Any]])?.contains { $0["category"] as? String == "temporary-difficulty" } == true)
            let typo = try await client.call(
                .post, "/api/v1/registry/children/\(id)/categories", token: tokens.director,
                json: ["category": "temporary-dificulty", "reason": "x"])
            #expect(typo.status == .unprocessableContent)
            #expect(typo.body["field"] as? String == "category")
        }
    }

    @Test("a parent's condition ending puts the category in exit review instead of dropping it")
    func exitReview() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let back = try await client.call(
                .post, "/api/v1/registry/children/\(id)/parents", token: tokens.director,
                json: ["parent": "mother", "condition": "working-away", "since": "2024-03-01", "until": "2026-10-01"])
            #expect(back.status == .ok, "\(back.text)")
            let reviews = try #require(back.body["openExitReviews"] as? [[String: Any]])
            #expect(reviews.first?["category"] as? String == "rural-left-behind")
            #expect((back.body["categories"] as? [[String: Any]])?.first?["category"] as? String == "rural-left-behind")
            let review = try #require(reviews.first?["id"] as? Int)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/exit-reviews/\(review)/resolve", token: tokens.director, json: ["resolution": "kept"]
                ).status == .unprocessableContent)
            let exited = try await client.call(
                .post, "/api/v1/registry/exit-reviews/\(review)/resolve", token: tokens.director,
                json: ["resolution": "exited", "reason": "母亲返乡"])
            #expect((exited.body["categories"] as? [Any])?.isEmpty == true)
            #expect((exited.body["openExitReviews"] as? [Any])?.isEmpty == true)
        }
    }
}
