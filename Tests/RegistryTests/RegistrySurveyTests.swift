import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

@Suite("一年两排 survey rounds")
struct RegistrySurveyTests {
    static func window() -> (opens: String, closes: String) {
        let today = WallClock.system.today()
        return (today.adding(days: -10).description, today.adding(days: 20).description)
    }

    @Test("a county opens a round; checks and visits within its dates count; progress per township; the unchecked list")
    func round() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let a = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let b = try #require(
                try await client.call(
                    .post, "/api/v1/registry/children", token: tokens.manager,
                    json: RegistryFixture.leftBehind("320412201406060023", village: TestPlatform.villageB)
                ).body["id"] as? String)
            let (opens, closes) = Self.window()
            let body: [String: Any] = [
                "district": TestPlatform.county.description, "title": "2026 年下半年摸底排查", "opensOn": opens, "closesOn": closes
            ]
            #expect(try await client.call(.post, "/api/v1/registry/survey-rounds", token: tokens.director, json: body).status == .forbidden)
            let opened = try await client.call(.post, "/api/v1/registry/survey-rounds", token: tokens.manager, json: body)
            #expect(opened.status == .created, "\(opened.text)")
            let round = try #require(opened.body["id"] as? Int)

            // The village director sees the county's round and checks a child of their own village only.
            #expect(
                (try await client.call(.get, "/api/v1/registry/survey-rounds", token: tokens.director).body["rounds"] as? [Any])?.count == 1
            )
            let check = try await client.call(
                .post, "/api/v1/registry/survey-rounds/\(round)/checks", token: tokens.director, json: ["child": a, "outcome": "unchanged"])
            #expect(check.status == .noContent, "\(check.text)")
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/survey-rounds/\(round)/checks", token: tokens.director,
                    json: ["child": b, "outcome": "unchanged"]
                ).status == .notFound)
            let late = try await client.call(
                .post, "/api/v1/registry/survey-rounds/\(round)/checks", token: tokens.director,
                json: ["child": a, "outcome": "updated", "checkedOn": WallClock.system.today().adding(days: -30).description])
            #expect(late.status == .unprocessableContent)
            #expect(late.body["field"] as? String == "checkedOn")
            let outcome = try await client.call(
                .post, "/api/v1/registry/survey-rounds/\(round)/checks", token: tokens.director, json: ["child": a, "outcome": "lost"])
            #expect(outcome.body["field"] as? String == "outcome")

            var progress = try await client.call(.get, "/api/v1/registry/survey-rounds/\(round)/progress", token: tokens.manager)
            #expect(progress.body["children"] as? Int == 2)
            #expect(progress.body["checked"] as? Int == 1)
            let parts = try #require(progress.body["byDistrict"] as? [[String: Any]])
            #expect(parts.map { $0["district"] as? String } == [TestPlatform.townshipA.description, TestPlatform.townshipB.description])
            #expect(parts.map { $0["checked"] as? Int } == [1, 0])
            // 卢家巷村's director sees the round's progress in their own village only.
            let theirs = try await client.call(.get, "/api/v1/registry/survey-rounds/\(round)/progress", token: tokens.otherDirector)
            #expect(theirs.body["children"] as? Int == 1)
            #expect(theirs.body["checked"] as? Int == 0)
            let unchecked = try await client.call(.get, "/api/v1/registry/survey-rounds/\(round)/unchecked", token: tokens.manager)
            #expect((unchecked.body["children"] as? [[String: Any]])?.map { $0["id"] as? String } == [b])

            // A home visit within the round's dates counts as checked.
            _ = try await client.call(
                .post, "/api/v1/registry/children/\(b)/visits", token: tokens.manager,
                json: ["visitedOn": WallClock.system.today().description, "mode": "home"])
            progress = try await client.call(.get, "/api/v1/registry/survey-rounds/\(round)/progress", token: tokens.manager)
            #expect(progress.body["checked"] as? Int == 2)
            let indicators = try await client.call(.get, "/api/v1/registry/indicators?district=320412000000", token: tokens.manager)
            #expect((indicators.body["surveyRound"] as? [String: Any])?["rate"] as? Double == 1)
        }
    }

    @Test("a round's dates and district are checked: closing before opening, a district outside the caller's scope")
    func badRounds() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let backwards = try await client.call(
                .post, "/api/v1/registry/survey-rounds", token: tokens.manager,
                json: ["district": TestPlatform.county.description, "title": "排查", "opensOn": "2026-12-01", "closesOn": "2026-11-01"])
            #expect(backwards.body["field"] as? String == "closesOn")
            let elsewhere = try await client.call(
                .post, "/api/v1/registry/survey-rounds", token: tokens.manager,
                json: ["district": TestPlatform.otherCounty.description, "title": "排查", "opensOn": "2026-11-01", "closesOn": "2026-12-01"])
            #expect(elsewhere.status == .unprocessableContent)
            #expect(elsewhere.body["field"] as? String == "district")
            #expect(try await client.call(.get, "/api/v1/registry/survey-rounds/999/progress", token: tokens.manager).status == .notFound)
        }
    }
}
