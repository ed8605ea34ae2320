import Contract
import Foundation
import HTTPTypes
import TestSupport
import Testing

@testable import HealthScreening

/// The 0–6 disability screening ladder through the real router: township first screen → rescreen at the county 妇幼 →
/// diagnostic assessment at a designated institution → rehabilitation application, each accepted or rejected with a reason
/// by the receiving institution; a confirmed disability is published on the child-status feed without the diagnosis.
@Suite struct DisabilityReferralTests {
    static let base = "/api/v1/health-screening"

    static func refer(_ child: UUID, _ step: String, to institution: String, district: DistrictCode, finding: String? = nil) -> [String:
        Any]
    {
        var body: [String: Any] = [
            "child": child.uuidString, "disability": "hearing", "step": step, "toInstitution": institution,
            "toDistrict": district.description
        ]
        if let finding { body["finding"] = finding }
        return body
    }

    @Test func aChildClimbsTheLadderAndAConfirmedDisabilityIsPublished() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let child = try await HealthScreeningFixture.child(test, idNumber: HealthScreeningFixture.idNumber("32041220240305002"))
            let county = TestPlatform.county
            let city = try Example.district("320400000000")
            func post(_ token: String, _ path: String, _ body: [String: Any]) async throws -> (HTTPResponse.Status, [String: Any], String) {
                let answer = try await client.call(.post, "\(Self.base)\(path)", token: token, json: body)
                return (answer.status, answer.body, answer.text)
            }
            #expect(
                try await post(tokens.township, "/referrals", Self.refer(child, "diagnosis", to: "常州市儿童医院", district: city)).0 == .conflict)
            let noFinding = try await post(tokens.township, "/referrals", Self.refer(child, "rescreen", to: "武进区妇幼保健院", district: county))
            #expect(noFinding.1["field"] as? String == "finding")
            let rescreen = try await post(
                tokens.township, "/referrals", Self.refer(child, "rescreen", to: "武进区妇幼保健院", district: county, finding: "OAE 双耳未通过"))
            #expect(rescreen.0 == .created, "\(rescreen.2)")
            let rescreenID = try #require(rescreen.1["id"] as? String)
            #expect(
                try await post(
                    tokens.township, "/referrals", Self.refer(child, "rescreen", to: "武进区妇幼保健院", district: county, finding: "x")
                ).0 == .conflict)
            #expect(try await post(tokens.mch, "/referrals/\(rescreenID)/result", ["result": "positive"]).0 == .conflict)
            #expect(
                try await post(tokens.mch, "/referrals/\(rescreenID)/decision", ["state": "accepted"]).1["state"] as? String == "accepted")
            #expect(try await post(tokens.mch, "/referrals/\(rescreenID)/decision", ["state": "rejected", "reason": "x"]).0 == .conflict)
            #expect(try await post(tokens.mch, "/referrals/\(rescreenID)/result", ["result": "approved"]).1["field"] as? String == "result")
            #expect(try await post(tokens.mch, "/referrals/\(rescreenID)/result", ["result": "positive", "finding": "ABR 45 dB"]).0 == .ok)

            // The designated institution rejects with a reason; referred again, it accepts and confirms.
            let diagnosis = try await post(tokens.township, "/referrals", Self.refer(child, "diagnosis", to: "常州市第一人民医院", district: city))
            let diagnosisID = try #require(diagnosis.1["id"] as? String, "\(diagnosis.2)")
            #expect(
                try await post(tokens.centre, "/referrals/\(diagnosisID)/decision", ["state": "rejected"]).1["field"] as? String == "reason"
            )
            let rejected = try await post(
                tokens.centre, "/referrals/\(diagnosisID)/decision", ["state": "rejected", "reason": "本院无儿童听力诊断资质"])
            #expect(rejected.1["reason"] as? String == "本院无儿童听力诊断资质")
            let again = try await post(tokens.township, "/referrals", Self.refer(child, "diagnosis", to: "常州市儿童医院", district: city))
            let againID = try #require(again.1["id"] as? String, "\(again.2)")
            #expect(try await post(tokens.township, "/referrals/\(againID)/decision", ["state": "accepted"]).0 == .forbidden)
            _ = try await post(tokens.centre, "/referrals/\(againID)/decision", ["state": "accepted"])
            let before = try await test.owner.withConnection { try await test.platform.context.childStatuses.current(of: child, on: $0) }
            #expect(before.isEmpty)
            let confirmed = try await post(
                tokens.centre, "/referrals/\(againID)/result", ["result": "positive", "finding": "双耳中度感音神经性听力损失"])
            #expect(confirmed.1["state"] as? String == "completed", "\(confirmed.2)")
            let statuses = try await test.owner.withConnection { try await test.platform.context.childStatuses.current(of: child, on: $0) }
            #expect(statuses.map(\.code) == ["disability-confirmed"])
            #expect(statuses.allSatisfy { !$0.title.zh.contains("听力") })
            let rehabilitation = try await post(
                tokens.township, "/referrals", Self.refer(child, "rehabilitation", to: "武进区残疾人联合会", district: county))
            #expect(rehabilitation.0 == .created, "\(rehabilitation.2)")

            // The commission reads the ladder without the findings; the sibling township reaches nothing.
            let read = try await client.call(.get, "\(Self.base)/children/\(child)/referrals", token: tokens.commission)
            #expect(read.status == .ok)
            #expect(read.text.contains("rehabilitation"))
            #expect(!read.text.contains("听力损失") && !read.text.contains("OAE"))
            #expect(try await client.call(.get, "\(Self.base)/children/\(child)/referrals", token: tokens.mch).text.contains("听力损失"))
            #expect(try await client.call(.get, "\(Self.base)/children/\(child)/referrals", token: tokens.sibling).text == "[]")
            #expect(try await client.call(.get, "\(Self.base)/referrals/\(rescreenID)", token: tokens.sibling).status == .notFound)
            let intruding = try await post(
                tokens.sibling, "/referrals", Self.refer(child, "rescreen", to: "武进区妇幼保健院", district: county, finding: "x"))
            #expect(intruding.0 == .notFound)
        }
    }

    /// What the referral routes answer is what `/openapi.json` documents.
    @Test func answersMatchTheDocumentedSchemas() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let child = try await HealthScreeningFixture.child(test, idNumber: HealthScreeningFixture.idNumber("32041220240305002"))
            let referred = try await client.call(
                .post, "\(Self.base)/referrals", token: tokens.township,
                json: Self.refer(child, "rescreen", to: "武进区妇幼保健院", district: TestPlatform.county, finding: "OAE 未通过"))
            let id = try #require(referred.body["id"] as? String, "\(referred.text)")
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(try await client.call(.get, "/openapi.json").text.utf8))
            let validator = JSONSchemaValidator(document: document)
            for (uri, path) in [
                ("\(Self.base)/referrals/\(id)", "\(Self.base)/referrals/{id}"),
                ("\(Self.base)/children/\(child)/referrals", "\(Self.base)/children/{id}/referrals")
            ] {
                let answer = try await client.call(.get, uri, token: tokens.mch)
                let schema = try #require(
                    document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"])
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.text.utf8))
                #expect(validator.violations(of: body, against: schema).isEmpty, "GET \(uri): \(answer.text)")
            }
        }
    }
}
