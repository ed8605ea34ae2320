import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import HealthScreening

/// A chain's deadlines through the real router, stored in the core's schedule engine: planned at registration, closed
/// by the steps, read back on the chain with met / missed / pending.
@Suite struct ChainDeadlineRouteTests {
    static let base = "/api/v1/health-screening"

    static func deadlines(_ chain: [String: Any]) -> [String: [String: Any]] {
        let rows = chain["deadlines"] as? [[String: Any]] ?? []
        return Dictionary(rows.map { ($0["item"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func chain(_ client: any TestClientProtocol, _ token: String, _ id: String) async throws -> [String: Any] {
        try await client.call(.get, "\(base)/chains/\(id)", token: token).body
    }

    @Test("registration plans each chain's first links; a blood spot at 71:59:59 is refused naming occurredAt, at 72:00 it counts as met")
    func bloodSpotAt72Hours() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "pku")
            let planned = Self.deadlines(try await Self.chain(client, tokens.mch, chain))
            #expect(Set(planned.keys) == ["consent", "sample"])
            #expect(planned["sample"]?["dueFrom"] as? String == "2026-11-23T02:30:00Z")
            #expect(planned["sample"]?["dueBy"] as? String == "2026-11-27T16:00:00Z")
            #expect(planned["sample"]?["timeliness"] as? String == "missed", "due by 27 November, open on 1 December")
            _ = try await ChainRouteTests.record(
                client, tokens.hospital, chain, "consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00"])
            let early = try await ChainRouteTests.record(
                client, tokens.hospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-23T10:29:59+08:00", "institution": "湖塘镇卫生院"])
            #expect(early.status == .unprocessableContent)
            #expect(early.body["field"] as? String == "occurredAt")
            let onTime = try await ChainRouteTests.record(
                client, tokens.hospital, chain, "screens",
                ["state": "done", "occurredAt": "2026-11-23T10:30:00+08:00", "institution": "湖塘镇卫生院"])
            #expect(onTime.status == .created, "\(onTime.text)")
            let links = Self.deadlines(onTime.body)
            #expect(links["consent"]?["timeliness"] as? String == "met")
            #expect(links["sample"]?["timeliness"] as? String == "met")
            #expect(links["result"]?["timeliness"] as? String == "missed", "due by the end of 30 November, open on 1 December: \(links)")
            #expect(links["result"]?["status"] as? String == "overdue")
        }
    }

    @Test("a refused consent skips the chain's planned links with the guardian's reason; nothing more is planned")
    func refusedConsentSkips() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let chain = try HealthScreeningFixture.chain(file, "hearing")
            let refused = try await ChainRouteTests.record(
                client, tokens.hospital, chain, "consent",
                ["state": "refused", "occurredAt": "2026-11-20T12:00:00+08:00", "person": "父亲", "reason": "家长拒绝"])
            #expect(refused.status == .created)
            let links = Self.deadlines(refused.body)
            #expect(Set(links.keys) == ["consent", "screen"])
            for (item, link) in links {
                #expect(link["timeliness"] as? String == "skipped", "\(item)")
                #expect(link["reason"] as? String == "\(ChainClock.consentRefused): 家长拒绝", "\(item)")
            }
        }
    }

    /// Born on 1 August elsewhere, registered here on 25 November: the blood spot's 20 days closed before arrival (not
    /// applicable, never overdue since birth); the sample taken elsewhere on 4 August is back-filled and counts as met,
    /// the result then due (by 11 August) is missed.
    @Test("a late arrival joins with back-filled history, never overdue since birth")
    func lateArrival() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(
                client, tokens,
                ["bornAt": "2026-08-01T08:00:00+08:00", "arrivedAt": "2026-11-25T09:00:00+08:00", "hospitalRecord": "WD2026080001"])
            let chain = try HealthScreeningFixture.chain(file, "ch")
            let arrived = Self.deadlines(try await Self.chain(client, tokens.mch, chain))
            #expect(arrived["consent"]?["timeliness"] as? String == "not-applicable")
            #expect(arrived["sample"]?["timeliness"] as? String == "not-applicable")
            for (path, body) in [
                ("consent", ["state": "signed", "occurredAt": "2026-08-01T12:00:00+08:00"]),
                ("screens", ["state": "done", "occurredAt": "2026-08-04T09:00:00+08:00", "institution": "外地妇幼保健院"]),
                ("results", ["state": "positive", "occurredAt": "2026-08-12T09:00:00+08:00"])
            ] {
                let answer = try await ChainRouteTests.record(client, tokens.hospital, chain, path, body)
                #expect(answer.status == .created, "\(path): \(answer.text)")
            }
            let filled = Self.deadlines(try await Self.chain(client, tokens.mch, chain))
            #expect(filled["consent"]?["timeliness"] as? String == "met")
            #expect(filled["sample"]?["timeliness"] as? String == "met")
            #expect(filled["result"]?["timeliness"] as? String == "missed")
            #expect(filled["recall"]?["timeliness"] as? String == "missed", "a positive still to be recalled: open, past 13 August")
            #expect(filled["recall"]?["status"] as? String == "overdue")
            let before = try await client.call(
                .post, "\(Self.base)/newborns", token: tokens.hospital,
                json: HealthScreeningFixture.registration([
                    "bornAt": "2026-08-01T08:00:00+08:00", "arrivedAt": "2026-07-31T09:00:00+08:00", "hospitalRecord": "WD2026080002",
                    "birthOrder": 2
                ]))
            #expect(before.body["field"] as? String == "arrivedAt")
        }
    }

    @Test("once linked to the core children index, the newborn's engine items carry the child")
    func linkedItemsCarryTheChild() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let newborn = try #require((file["newborn"] as? [String: Any])?["id"] as? String)
            let child = try await HealthScreeningFixture.child(test, idNumber: HealthScreeningFixture.idNumber("32041220261120002"))
            func carrying() async throws -> [Int] {
                try await test.owner.withConnection { connection in
                    try await connection.query(
                        """
                        SELECT count(*) FILTER (WHERE child_id = \(child))::int, count(*)::int FROM core.schedule_items
                        WHERE subject LIKE 'health-screening.%'
                        """, logger: test.logger
                    ).decode((Int, Int).self).collect().flatMap { [$0.0, $0.1] }
                }
            }
            let before = try await carrying()
            #expect(before[0] == 0 && before[1] > 0, "\(before)")
            let linked = try await client.call(
                .post, "\(Self.base)/newborns/\(newborn)/link", token: tokens.township,
                json: ["idNumber": HealthScreeningFixture.idNumber("32041220261120002")])
            #expect(linked.body["outcome"] as? String == "matched", "\(linked.text)")
            let after = try await carrying()
            #expect(after[0] == after[1] && after[1] == before[1], "\(after)")
        }
    }
}
