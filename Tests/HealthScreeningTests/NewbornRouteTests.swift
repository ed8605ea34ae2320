import Contract
import Foundation
import TestSupport
import Testing

@testable import HealthScreening

/// Newborns before their own ID number, through the real router: registration, scope, lookup by the mother, linking.
@Suite struct NewbornRouteTests {
    static let base = "/api/v1/health-screening"

    @Test func aBirthHospitalRegistersANewbornWithOneChainPerNationalCondition() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let newborn = try #require(file["newborn"] as? [String: Any])
            #expect(newborn["motherIdNumber"] as? String == "320412********" + HealthScreeningFixture.mother.suffix(4))
            #expect(newborn["bornAt"] as? String == "2026-11-20T02:30:00Z")
            let chains = try #require(file["chains"] as? [[String: Any]])
            #expect(Set(chains.compactMap { $0["condition"] as? String }) == ["ch", "pku", "hearing", "chd"])
            #expect(chains.allSatisfy { ($0["steps"] as? [Any])?.isEmpty == true })
            // The mother's ID number is never stored in plaintext.
            let stored = try await test.owner.withConnection { connection in
                try await connection.query("SELECT row_to_json(n)::text FROM health_screening.newborns n", logger: test.logger)
                    .decode(String.self).collect()
            }
            #expect(stored.count == 1)
            #expect(!stored.joined().contains(HealthScreeningFixture.mother))
            // The township health centre where the family lives reads it; so does the commission.
            let id = try #require(newborn["id"] as? String)
            #expect(try await client.call(.get, "\(Self.base)/newborns/\(id)", token: tokens.township).status == .ok)
            let listed = try await client.call(
                .get, "\(Self.base)/newborns?district=\(TestPlatform.county)", token: tokens.commission)
            #expect(listed.text.contains(id))
        }
    }

    @Test func theSameBirthIsRegisteredOnce() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            _ = try await HealthScreeningFixture.register(client, tokens)
            let again = try await client.call(
                .post, "\(Self.base)/newborns", token: tokens.hospital,
                json: HealthScreeningFixture.registration(["hospitalRecord": "ZY2026110099"]))
            #expect(again.status == .conflict)
            // A twin is the same mother and day with another birth order and record.
            let twin = try await client.call(
                .post, "\(Self.base)/newborns", token: tokens.hospital,
                json: HealthScreeningFixture.registration(["birthOrder": 2, "hospitalRecord": "ZY2026110013"]))
            #expect(twin.status == .created)
        }
    }

    @Test func badInputNamesTheField() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let cases: [([String: Any], String)] = [
                (["motherIdNumber": "320412199503080021"], "motherIdNumber"),
                (["bornAt": "2026-11-20 10:30"], "bornAt"),
                (["bornAt": "2026-11-20T10:30:00"], "bornAt"),
                (["bornAt": "2027-01-01T10:30:00+08:00"], "bornAt"),
                (["sex": "X"], "sex"),
                (["birthOrder": 0], "birthOrder"),
                (["hospitalRecord": "  "], "hospitalRecord"),
                (["district": "3204121002"], "district"),
                (["district": "320412100299"], "district")
            ]
            for (change, field) in cases {
                let answer = try await client.call(
                    .post, "\(Self.base)/newborns", token: tokens.hospital, json: HealthScreeningFixture.registration(change))
                #expect(answer.status == .unprocessableContent, "\(change): \(answer.text)")
                #expect(answer.body["field"] as? String == field, "\(change): \(answer.text)")
            }
        }
    }

    /// Scope: 牛塘镇's township centre and birth hospital see nothing of 湖塘镇's newborn and cannot register one there.
    @Test func aSiblingTownshipSeesNothing() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let id = try #require((file["newborn"] as? [String: Any])?["id"] as? String)
            for token in [tokens.sibling, tokens.siblingHospital] {
                #expect(try await client.call(.get, "\(Self.base)/newborns/\(id)", token: token).status == .notFound)
                let listed = try await client.call(.get, "\(Self.base)/newborns?district=\(TestPlatform.townshipB)", token: token)
                #expect(listed.status == .ok)
                #expect(!listed.text.contains(id))
                let foreign = try await client.call(.get, "\(Self.base)/newborns?district=\(TestPlatform.townshipA)", token: token)
                #expect(foreign.status == .notFound)
                let search = try await client.call(
                    .post, "\(Self.base)/newborns/search", token: token, json: ["motherIdNumber": HealthScreeningFixture.mother])
                #expect(search.status == .notFound)
                let chain = try HealthScreeningFixture.chain(file, "pku")
                #expect(try await client.call(.get, "\(Self.base)/chains/\(chain)", token: token).status == .notFound)
            }
            let intruding = try await client.call(
                .post, "\(Self.base)/newborns", token: tokens.siblingHospital,
                json: HealthScreeningFixture.registration(["birthDistrict": TestPlatform.townshipA.description, "hospitalRecord": "X1"]))
            #expect(intruding.status == .notFound)
        }
    }

    @Test func aMothersNewbornsAreFoundByHerIDNumber() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            _ = try await HealthScreeningFixture.register(client, tokens)
            _ = try await HealthScreeningFixture.register(client, tokens, ["birthOrder": 2, "hospitalRecord": "ZY2026110013"])
            let found = try await client.call(
                .post, "\(Self.base)/newborns/search", token: tokens.township, json: ["motherIdNumber": HealthScreeningFixture.mother])
            #expect(found.status == .ok)
            let list = try JSONSerialization.jsonObject(with: Data(found.text.utf8)) as? [[String: Any]]
            #expect(list?.compactMap { $0["birthOrder"] as? Int } == [1, 2])
            let wrong = try await client.call(
                .post, "\(Self.base)/newborns/search", token: tokens.township, json: ["motherIdNumber": "320412199503080021"])
            #expect(wrong.body["field"] as? String == "motherIdNumber")
        }
    }

    /// Linking is explicit: a child of the index with the newborn's birth day and sex matches and takes its history with
    /// it; a number the index does not hold, or one whose child disagrees, is unmatched; same-sex twins are ambiguous
    /// until the caller confirms. Every attempt is on the newborn's file; nothing is merged silently.
    @Test func linkingIsMatchedUnmatchedOrAmbiguous() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let first = try await HealthScreeningFixture.register(client, tokens)
            let firstID = try #require((first["newborn"] as? [String: Any])?["id"] as? String)
            let girl = HealthScreeningFixture.idNumber("32041220261120002")
            let boy = HealthScreeningFixture.idNumber("32041220261120001")
            let child = try await HealthScreeningFixture.child(test, idNumber: girl)
            _ = try await HealthScreeningFixture.child(test, idNumber: boy)
            let link = "\(Self.base)/newborns/\(firstID)/link"

            let absent = try await client.call(
                .post, link, token: tokens.township, json: ["idNumber": HealthScreeningFixture.idNumber("32041220261120004")])
            #expect(absent.status == .ok)
            #expect(absent.body["outcome"] as? String == "unmatched")
            let disagrees = try await client.call(.post, link, token: tokens.township, json: ["idNumber": boy])
            #expect(disagrees.body["outcome"] as? String == "unmatched")

            // A same-sex twin makes the girl's number ambiguous until confirmed.
            _ = try await HealthScreeningFixture.register(client, tokens, ["birthOrder": 2, "hospitalRecord": "ZY2026110013"])
            let ambiguous = try await client.call(.post, link, token: tokens.township, json: ["idNumber": girl])
            #expect(ambiguous.body["outcome"] as? String == "ambiguous", "\(ambiguous.text)")
            #expect(ambiguous.body["child"] == nil)
            let confirmed = try await client.call(.post, link, token: tokens.township, json: ["idNumber": girl, "confirm": true])
            #expect(confirmed.body["outcome"] as? String == "matched", "\(confirmed.text)")
            #expect(confirmed.body["child"] as? String == child.uuidString)
            #expect(try await client.call(.post, link, token: tokens.township, json: ["idNumber": girl]).status == .conflict)

            // The history follows the child.
            let history = try await client.call(.get, "\(Self.base)/children/\(child)/newborn", token: tokens.township)
            #expect(history.status == .ok)
            let links = try #require(history.body["links"] as? [[String: Any]])
            #expect(links.compactMap { $0["outcome"] as? String } == ["unmatched", "unmatched", "ambiguous", "matched"])
            #expect((history.body["chains"] as? [Any])?.count == 4)
            #expect(try await client.call(.get, "\(Self.base)/children/\(child)/newborn", token: tokens.sibling).status == .notFound)
            // The commission reads but may not link; a malformed number names the field.
            #expect(try await client.call(.post, link, token: tokens.commission, json: ["idNumber": girl]).status == .forbidden)
            let malformed = try await client.call(.post, link, token: tokens.mch, json: ["idNumber": "3204"])
            #expect(malformed.body["field"] as? String == "idNumber")
        }
    }

    /// A condition a province adds by policy applies to births from its effective date, not to those before.
    @Test func aConditionAddedByPolicyAppliesFromItsDate() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            try await test.owner.withConnection { connection in
                try await test.platform.context.policy.set(
                    HealthScreeningPolicy.addedConditions.key, district: TestPlatform.county,
                    effectiveFrom: try Example.date("2026-11-25"),
                    value:
                        #"[{"code": "cah", "title": {"zh": "先天性肾上腺皮质增生症", "en": "Congenital adrenal hyperplasia"}, "method": "blood-spot"}]"#,
                    source: "省卫健委备案 (测试)", on: connection)
            }
            let before = try await HealthScreeningFixture.register(client, tokens)
            #expect((before["chains"] as? [Any])?.count == 4)
            let after = try await HealthScreeningFixture.register(
                client, tokens, ["bornAt": "2026-11-25T00:10:00+08:00", "hospitalRecord": "ZY2026110200"])
            #expect(throws: Never.self) { try HealthScreeningFixture.chain(after, "cah") }
            #expect((after["chains"] as? [Any])?.count == 5)
        }
    }

    /// What the routes answer is what `/openapi.json` documents.
    @Test func answersMatchTheDocumentedSchemas() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let id = try #require((file["newborn"] as? [String: Any])?["id"] as? String)
            let chain = try HealthScreeningFixture.chain(file, "pku")
            _ = try await client.call(
                .post, "\(Self.base)/chains/\(chain)/consent", token: tokens.hospital,
                json: ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00", "person": "母亲"])
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(try await client.call(.get, "/openapi.json").text.utf8))
            let validator = JSONSchemaValidator(document: document)
            for (uri, path) in [
                ("\(Self.base)/newborns?district=\(TestPlatform.townshipA)", "\(Self.base)/newborns"),
                ("\(Self.base)/newborns/\(id)", "\(Self.base)/newborns/{id}"),
                ("\(Self.base)/chains/\(chain)", "\(Self.base)/chains/{id}")
            ] {
                let answer = try await client.call(.get, uri, token: tokens.mch)
                #expect(answer.status == .ok, "\(uri): \(answer.text)")
                let schema = try #require(
                    document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"])
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.text.utf8))
                #expect(validator.violations(of: body, against: schema).isEmpty, "GET \(uri): \(answer.text)")
            }
        }
    }
}
