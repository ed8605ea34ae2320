import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import HealthScreening

/// Newborn screening chains through the real router, each link recorded by the institution that does it.
@Suite struct ChainRouteTests {
    static let base = "/api/v1/health-screening"

    static func record(
        _ client: any TestClientProtocol, _ token: String, _ chain: String, _ path: String, _ body: [String: Any]
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], text: String) {
        let answer = try await client.call(.post, "\(base)/chains/\(chain)/\(path)", token: token, json: body)
        return (answer.status, answer.body, answer.text)
    }

    /// A positive PKU screen followed to treatment: consent, sample, result, recall and the guardian's acknowledgement,
    /// referral to the designated centre, its acceptance and diagnosis, treatment, outcome. Each step is a row in order.
    @Test func aPositiveScreenIsFollowedFromConsentToOutcome() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "pku")
            let steps: [(String, String, [String: Any])] = [
                (tokens.hospital, "consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00", "person": "母亲"]),
                (tokens.hospital, "screens", ["state": "done", "occurredAt": "2026-11-23T11:00:00+08:00", "institution": "湖塘镇卫生院"]),
                (tokens.centre, "results", ["state": "positive", "occurredAt": "2026-11-26T09:00:00+08:00", "detail": "Phe 156 μmol/L"]),
                (
                    tokens.township, "recalls",
                    ["state": "notified", "occurredAt": "2026-11-26T15:00:00+08:00", "person": "母亲", "method": "phone"]
                ),
                (tokens.township, "recalls", ["state": "acknowledged", "occurredAt": "2026-11-26T16:00:00+08:00", "person": "母亲"]),
                (
                    tokens.mch, "confirmations",
                    ["state": "referred", "occurredAt": "2026-11-27T09:00:00+08:00", "institution": "常州市新生儿疾病筛查中心"]
                ),
                (tokens.centre, "confirmations", ["state": "accepted", "occurredAt": "2026-11-27T10:00:00+08:00"]),
                (tokens.centre, "confirmations", ["state": "confirmed", "occurredAt": "2026-11-28T10:00:00+08:00", "detail": "经典型 PKU"]),
                (tokens.centre, "treatments", ["state": "started", "occurredAt": "2026-11-28T14:00:00+08:00", "institution": "常州市儿童医院"]),
                (tokens.centre, "outcome", ["state": "in-treatment", "occurredAt": "2026-11-30T10:00:00+08:00"])
            ]
            for (token, path, body) in steps {
                let answer = try await Self.record(client, token, chain, path, body)
                #expect(answer.status == .created, "\(path) \(body): \(answer.text)")
            }
            let read = try await client.call(.get, "\(Self.base)/chains/\(chain)", token: tokens.mch)
            #expect(read.body["outcome"] as? String == "in-treatment")
            #expect(read.body["stage"] as? String == "outcome")
            let recorded = try #require(read.body["steps"] as? [[String: Any]])
            #expect(recorded.compactMap { $0["state"] as? String } == steps.compactMap { $0.2["state"] as? String })
            #expect(recorded.contains { $0["detail"] as? String == "经典型 PKU" })
            // Closed: nothing more is recorded.
            let late = try await Self.record(
                client, tokens.centre, chain, "treatments",
                ["state": "started", "occurredAt": "2026-11-30T11:00:00+08:00", "institution": "x"])
            #expect(late.status == .conflict)
        }
    }

    /// Diagnoses and laboratory values reach only roles with `health-screening.diagnosis.read`: the commission and the
    /// township health centre read the chain without them.
    @Test func diagnosesReachOnlyTheHealthPermission() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "ch")
            _ = try await Self.record(
                client, tokens.hospital, chain, "consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00"])
            _ = try await Self.record(
                client, tokens.hospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-23T11:00:00+08:00", "institution": "湖塘镇卫生院"])
            _ = try await Self.record(
                client, tokens.centre, chain, "results",
                ["state": "positive", "occurredAt": "2026-11-26T09:00:00+08:00", "detail": "TSH 42 mIU/L"])
            for token in [tokens.commission, tokens.township] {
                let read = try await client.call(.get, "\(Self.base)/chains/\(chain)", token: token)
                #expect(read.status == .ok)
                #expect(!read.text.contains("TSH"), "\(read.text)")
                let newborn = try #require((file["newborn"] as? [String: Any])?["id"] as? String)
                #expect(!(try await client.call(.get, "\(Self.base)/newborns/\(newborn)", token: token)).text.contains("TSH"))
            }
            #expect(try await client.call(.get, "\(Self.base)/chains/\(chain)", token: tokens.mch).text.contains("TSH"))
        }
    }

    /// Refusal is an outcome, not a gap: the chain closes as refused, with the consent step before it.
    @Test func aRefusedConsentClosesTheChain() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "hearing")
            let refused = try await Self.record(
                client, tokens.hospital, chain, "consent", ["state": "refused", "occurredAt": "2026-11-20T12:00:00+08:00", "person": "父亲"])
            #expect(refused.status == .created, "\(refused.text)")
            #expect(refused.body["outcome"] as? String == "refused")
            let states = (refused.body["steps"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
            #expect(states == ["refused", "refused"])
            let screen = try await Self.record(
                client, tokens.hospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-21T12:00:00+08:00", "institution": "湖塘镇卫生院"])
            #expect(screen.status == .conflict)
        }
    }

    /// Steps out of order are 409 naming why; a step before the birth or the previous step, a missing member or another
    /// link's state is 422 naming the field; another township's staff reach nothing (404) and a role without the
    /// permission is refused (403).
    @Test func stepsOutOfOrderOrOutOfScopeAreRefused() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "hearing")
            let early = try await Self.record(
                client, tokens.hospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-21T12:00:00+08:00", "institution": "湖塘镇卫生院"])
            #expect(early.status == .conflict)
            let beforeBirth = try await Self.record(
                client, tokens.hospital, chain, "consent", ["state": "signed", "occurredAt": "2026-11-19T12:00:00+08:00"])
            #expect(beforeBirth.body["field"] as? String == "occurredAt")
            let wrongState = try await Self.record(
                client, tokens.hospital, chain, "consent", ["state": "positive", "occurredAt": "2026-11-20T12:00:00+08:00"])
            #expect(wrongState.body["field"] as? String == "state")
            #expect(
                try await Self.record(
                    client, tokens.hospital, chain, "consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00"]
                )
                .status == .created)
            let noInstitution = try await Self.record(
                client, tokens.hospital, chain, "screens", ["state": "done", "occurredAt": "2026-11-21T12:00:00+08:00"])
            #expect(noInstitution.body["field"] as? String == "institution")
            let backwards = try await Self.record(
                client, tokens.hospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-20T11:00:00+08:00", "institution": "湖塘镇卫生院"])
            #expect(backwards.body["field"] as? String == "occurredAt")
            let recallFirst = try await Self.record(
                client, tokens.township, chain, "recalls",
                ["state": "notified", "occurredAt": "2026-11-22T12:00:00+08:00", "person": "母亲", "method": "phone"])
            #expect(recallFirst.status == .conflict)
            let sibling = try await Self.record(
                client, tokens.sibling, chain, "recalls",
                ["state": "notified", "occurredAt": "2026-11-22T12:00:00+08:00", "person": "母亲", "method": "phone"])
            #expect(sibling.status == .notFound)
            let siblingHospital = try await Self.record(
                client, tokens.siblingHospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-21T12:00:00+08:00", "institution": "牛塘镇卫生院"])
            #expect(siblingHospital.status == .notFound)
            let commission = try await Self.record(
                client, tokens.commission, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-21T12:00:00+08:00", "institution": "x"])
            #expect(commission.status == .forbidden)
        }
    }

    /// A hearing screen that refers is rescreened; the designated centre may reject a referral with a reason and be
    /// referred again; a normal outcome follows the centre's exclusion.
    @Test func aRescreenAndARejectedReferral() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "hearing")
            let steps: [(String, String, [String: Any], HTTPResponse.Status)] = [
                (tokens.hospital, "consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00"], .created),
                (
                    tokens.hospital, "screens", ["state": "done", "occurredAt": "2026-11-22T12:00:00+08:00", "institution": "湖塘镇卫生院"],
                    .created
                ),
                (tokens.hospital, "results", ["state": "refer", "occurredAt": "2026-11-22T12:10:00+08:00"], .created),
                (
                    tokens.hospital, "screens", ["state": "done", "occurredAt": "2026-11-29T09:00:00+08:00", "institution": "湖塘镇卫生院"],
                    .created
                ),
                (
                    tokens.hospital, "screens", ["state": "done", "occurredAt": "2026-11-29T09:30:00+08:00", "institution": "湖塘镇卫生院"],
                    .conflict
                ),
                (tokens.hospital, "results", ["state": "refer", "occurredAt": "2026-11-29T09:10:00+08:00"], .created),
                (
                    tokens.mch, "recalls",
                    ["state": "notified", "occurredAt": "2026-11-29T10:00:00+08:00", "person": "父亲", "method": "visit"], .created
                ),
                (
                    tokens.mch, "confirmations", ["state": "referred", "occurredAt": "2026-11-29T11:00:00+08:00", "institution": "听力诊断中心"],
                    .created
                ),
                (tokens.centre, "confirmations", ["state": "rejected", "occurredAt": "2026-11-29T12:00:00+08:00"], .unprocessableContent),
                (
                    tokens.centre, "confirmations", ["state": "rejected", "occurredAt": "2026-11-29T12:00:00+08:00", "reason": "本中心不做 ABR"],
                    .created
                ),
                (tokens.centre, "outcome", ["state": "normal", "occurredAt": "2026-11-29T12:30:00+08:00"], .conflict),
                (
                    tokens.mch, "confirmations", ["state": "referred", "occurredAt": "2026-11-29T13:00:00+08:00", "institution": "常州市儿童医院"],
                    .created
                ),
                (tokens.centre, "confirmations", ["state": "accepted", "occurredAt": "2026-11-29T14:00:00+08:00"], .created),
                (tokens.centre, "confirmations", ["state": "excluded", "occurredAt": "2026-11-30T09:00:00+08:00"], .created),
                (tokens.centre, "outcome", ["state": "normal", "occurredAt": "2026-11-30T10:00:00+08:00"], .created)
            ]
            for (token, path, body, expected) in steps {
                let answer = try await Self.record(client, token, chain, path, body)
                #expect(answer.status == expected, "\(path) \(body): \(answer.text)")
            }
            let read = try await client.call(.get, "\(Self.base)/chains/\(chain)", token: tokens.township)
            #expect(read.body["outcome"] as? String == "normal")
            #expect((read.body["steps"] as? [Any])?.count == 12)
        }
    }
}
