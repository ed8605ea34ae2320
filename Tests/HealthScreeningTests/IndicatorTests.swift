import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import HealthScreening

/// The screening indicators of `GET /indicators` against a small fixture whose answers are computed by hand: two
/// newborns of 湖塘镇 born in March 2026 (one born in April outside the period), each link recorded by the county 妇幼.
@Suite struct IndicatorTests {
    static let base = "/api/v1/health-screening"

    /// A step of `condition`'s chain: the route and its body (the institution is added where the link needs one).
    typealias Step = (condition: String, path: String, state: String, at: String)

    /// 甲 (born 2026-03-10 10:00): PKU positive, recalled, confirmed at 10.0 days, treated at 11 days (within the 14-day
    /// target); hearing refer twice, recalled, confirmed at 81.0 days (by 3 months), intervention on 09-15 (after 6
    /// months, 09-10); CH negative; heart not screened.
    static let first: [Step] = [
        ("pku", "consent", "signed", "2026-03-10T12:00:00+08:00"), ("pku", "screens", "done", "2026-03-13T11:00:00+08:00"),
        ("pku", "results", "positive", "2026-03-16T09:00:00+08:00"), ("pku", "recalls", "notified", "2026-03-16T15:00:00+08:00"),
        ("pku", "confirmations", "referred", "2026-03-17T09:00:00+08:00"),
        ("pku", "confirmations", "accepted", "2026-03-17T10:00:00+08:00"),
        ("pku", "confirmations", "confirmed", "2026-03-20T10:00:00+08:00"), ("pku", "treatments", "started", "2026-03-21T10:00:00+08:00"),
        ("hearing", "consent", "signed", "2026-03-10T12:00:00+08:00"), ("hearing", "screens", "done", "2026-03-11T09:00:00+08:00"),
        ("hearing", "results", "refer", "2026-03-11T10:00:00+08:00"), ("hearing", "screens", "done", "2026-04-05T09:00:00+08:00"),
        ("hearing", "results", "refer", "2026-04-05T10:00:00+08:00"), ("hearing", "recalls", "notified", "2026-04-06T09:00:00+08:00"),
        ("hearing", "confirmations", "referred", "2026-04-07T09:00:00+08:00"),
        ("hearing", "confirmations", "accepted", "2026-04-07T10:00:00+08:00"),
        ("hearing", "confirmations", "confirmed", "2026-05-30T10:00:00+08:00"),
        ("hearing", "treatments", "started", "2026-09-15T10:00:00+08:00"),
        ("ch", "consent", "signed", "2026-03-10T12:00:00+08:00"), ("ch", "screens", "done", "2026-03-13T11:00:00+08:00"),
        ("ch", "results", "negative", "2026-03-16T09:00:00+08:00")
    ]

    /// 乙 (born 2026-03-20 08:00): PKU positive, never recalled; hearing first screened after a month (04-25), negative;
    /// CH consent refused; heart positive, recalled, excluded at 5.0 days.
    static let second: [Step] = [
        ("pku", "consent", "signed", "2026-03-20T09:00:00+08:00"), ("pku", "screens", "done", "2026-03-23T09:00:00+08:00"),
        ("pku", "results", "positive", "2026-03-26T09:00:00+08:00"),
        ("hearing", "consent", "signed", "2026-03-20T09:00:00+08:00"), ("hearing", "screens", "done", "2026-04-25T09:00:00+08:00"),
        ("hearing", "results", "negative", "2026-04-25T10:00:00+08:00"),
        ("ch", "consent", "refused", "2026-03-20T09:00:00+08:00"),
        ("chd", "consent", "signed", "2026-03-20T09:00:00+08:00"), ("chd", "screens", "done", "2026-03-20T14:00:00+08:00"),
        ("chd", "results", "positive", "2026-03-20T15:00:00+08:00"), ("chd", "recalls", "notified", "2026-03-21T09:00:00+08:00"),
        ("chd", "confirmations", "referred", "2026-03-22T09:00:00+08:00"),
        ("chd", "confirmations", "accepted", "2026-03-22T10:00:00+08:00"),
        ("chd", "confirmations", "excluded", "2026-03-25T08:00:00+08:00")
    ]

    /// 丙 (born 2026-04-02): screened for PKU, outside the period.
    static let third: [Step] = [
        ("pku", "consent", "signed", "2026-04-02T09:00:00+08:00"), ("pku", "screens", "done", "2026-04-05T09:00:00+08:00")
    ]

    static func body(_ step: Step) -> [String: Any] {
        var body: [String: Any] = ["state": step.state, "occurredAt": step.at]
        switch (step.path, step.state) {
        case ("screens", _), ("treatments", _), ("confirmations", "referred"): body["institution"] = "常州市新生儿疾病筛查中心"
        case ("recalls", "notified"): body.merge(["person": "母亲", "method": "phone"]) { $1 }
        case ("consent", "refused"): body["reason"] = "监护人拒绝"
        default: break
        }
        return body
    }

    static func ratio(_ value: Any?) -> [Int?] {
        let ratio = value as? [String: Any]
        return [ratio?["count"] as? Int, ratio?["of"] as? Int]
    }

    static func rate(_ value: Any?) -> Double? { (value as? [String: Any])?["rate"] as? Double }

    static func isNull(_ value: Any?, _ key: String) -> Bool { (value as? [String: Any])?[key] is NSNull }

    @Test func indicatorsMatchTheHandComputedFixture() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let newborns: [(String, String, String, [Step])] = [
                ("2026-03-10T10:00:00+08:00", "32041219950308002", "ZY2026030001", Self.first),
                ("2026-03-20T08:00:00+08:00", "32041219960408002", "ZY2026030002", Self.second),
                ("2026-04-02T09:00:00+08:00", "32041219970508002", "ZY2026040001", Self.third)
            ]
            for (bornAt, mother, record, steps) in newborns {
                let file = try await HealthScreeningFixture.register(
                    client, tokens,
                    ["bornAt": bornAt, "motherIdNumber": HealthScreeningFixture.idNumber(mother), "hospitalRecord": record])
                for step in steps {
                    let chain = try HealthScreeningFixture.chain(file, step.condition)
                    let answer = try await client.call(
                        .post, "\(Self.base)/chains/\(chain)/\(step.path)", token: tokens.mch, json: Self.body(step))
                    #expect(answer.status == .created, "\(step): \(answer.text)")
                }
            }

            let march = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.county)&from=2026-03-01&to=2026-03-31", token: tokens.commission)
            #expect(march.status == .ok, "\(march.text)")
            let body = march.body
            #expect(body["births"] as? Int == 2)
            let conditions = try #require(body["conditions"] as? [[String: Any]])
            func condition(_ code: String) -> [String: Any] { conditions.first { $0["condition"] as? String == code } ?? [:] }
            #expect(conditions.compactMap { $0["condition"] as? String } == ["ch", "pku", "hearing", "chd"])
            #expect(Self.ratio(condition("ch")["coverage"]) == [1, 2] && Self.rate(condition("ch")["coverage"]) == 0.5)
            #expect(Self.ratio(condition("pku")["coverage"]) == [2, 2] && Self.rate(condition("pku")["coverage"]) == 1)
            #expect(Self.ratio(condition("hearing")["coverage"]) == [2, 2])
            #expect(Self.ratio(condition("chd")["coverage"]) == [1, 2])
            #expect(Self.ratio(condition("pku")["recall"]) == [1, 2])
            #expect(Self.isNull(condition("ch")["recall"], "rate"), "nothing to recall for CH: null, not zero")
            #expect(Self.ratio(body["recall"]) == [3, 4] && Self.rate(body["recall"]) == 0.75)
            let confirmation = body["timeToConfirmation"] as? [String: Any]
            #expect(confirmation?["chains"] as? Int == 3 && confirmation?["medianDays"] as? Double == 10, "median of 5.0, 10.0, 81.0")
            #expect((condition("hearing")["timeToConfirmation"] as? [String: Any])?["medianDays"] as? Double == 81)
            #expect(Self.ratio(body["treatmentWithinTarget"]) == [1, 2] && Self.rate(body["treatmentWithinTarget"]) == 0.5)
            let hearing = body["hearing136"] as? [String: Any]
            #expect(Self.ratio(hearing?["screenedByOneMonth"]) == [1, 2])
            #expect(Self.ratio(hearing?["diagnosedByThreeMonths"]) == [1, 1])
            #expect(Self.ratio(hearing?["intervenedBySixMonths"]) == [0, 1] && Self.rate(hearing?["intervenedBySixMonths"]) == 0)
            #expect(Self.isNull(body["referralsAccepted"], "rate"))

            // The sibling township has no births: every rate null; the county is outside its scope.
            let sibling = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.townshipB)&from=2026-03-01&to=2026-03-31", token: tokens.sibling)
            #expect(sibling.body["births"] as? Int == 0, "\(sibling.text)")
            #expect(Self.isNull(sibling.body["recall"], "rate") && Self.isNull(sibling.body["timeToConfirmation"], "medianDays"))
            let county = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.county)&from=2026-03-01&to=2026-03-31", token: tokens.sibling)
            #expect(county.status == .notFound)
            let backwards = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.county)&from=2026-03-31&to=2026-03-01", token: tokens.mch)
            #expect(backwards.body["field"] as? String == "to")
            let badDate = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.county)&from=2026-02-30&to=2026-03-01", token: tokens.mch)
            #expect(badDate.body["field"] as? String == "from")

            // Disability referrals of the day: one accepted (then completed), one rejected, one waiting.
            var referrals: [String] = []
            for number in ["32041220240305002", "32041220240306003", "32041220240307004"] {
                let child = try await HealthScreeningFixture.child(test, idNumber: HealthScreeningFixture.idNumber(number))
                let referred = try await client.call(
                    .post, "\(Self.base)/referrals", token: tokens.mch,
                    json: [
                        "child": child.uuidString, "disability": "vision", "step": "rescreen", "toInstitution": "武进区妇幼保健院",
                        "toDistrict": TestPlatform.county.description, "finding": "红光反射异常"
                    ])
                referrals.append(try #require(referred.body["id"] as? String, "\(referred.text)"))
            }
            for (id, answer) in [(referrals[0], ["state": "accepted"]), (referrals[1], ["state": "rejected", "reason": "不属本院范围"])] {
                let decided = try await client.call(.post, "\(Self.base)/referrals/\(id)/decision", token: tokens.mch, json: answer)
                #expect(decided.status == .ok, "\(decided.text)")
            }
            _ = try await client.call(
                .post, "\(Self.base)/referrals/\(referrals[0])/result", token: tokens.mch, json: ["result": "negative"])
            let today = HealthScreeningFixture.today
            let day = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.county)&from=\(today)&to=\(today)", token: tokens.commission)
            #expect(Self.ratio(day.body["referralsAccepted"]) == [1, 2] && Self.rate(day.body["referralsAccepted"]) == 0.5, "\(day.text)")
            #expect(day.body["births"] as? Int == 0)
        }
    }

    /// What the route answers is what `/openapi.json` documents, and the document states the formulas.
    @Test func theAnswerMatchesItsDocumentedSchema() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(try await client.call(.get, "/openapi.json").text.utf8))
            let operation = try #require(document["paths"]?["\(Self.base)/indicators"]?["get"])
            guard case .string(let description) = try #require(operation["description"]) else { throw TestFailure("no description") }
            #expect(description.contains("recall 召回率") && description.contains("hearing136"))
            let schema = try #require(operation["responses"]?["200"]?["content"]?["application/json"]?["schema"])
            let answer = try await client.call(
                .get, "\(Self.base)/indicators?district=\(TestPlatform.county)&from=2026-01-01&to=2026-12-31", token: tokens.mch)
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.text.utf8))
            #expect(JSONSchemaValidator(document: document).violations(of: body, against: schema).isEmpty, "\(answer.text)")
        }
    }
}
