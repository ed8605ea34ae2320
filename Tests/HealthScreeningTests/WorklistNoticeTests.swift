import Contract
import Foundation
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

@testable import HealthScreening

/// The work lists between two counties (武进区 and 新北区), and the overdue-recall notice with its escalation to the
/// county 妇幼, on 1 December 2026.
@Suite struct WorklistNoticeTests {
    static let base = "/api/v1/health-screening"
    static let menghe = DistrictCode("320411100000")!
    static let xiaohe = DistrictCode("320411100201")!

    struct Other {
        let hospital: String
        let township: String
        let mch: String
    }

    /// 新北区's birth hospital and township health centre of 孟河镇, and its county 妇幼.
    static func otherCounty(_ test: TestPlatform, _ client: any TestClientProtocol) async throws -> Other {
        try await test.user("menghe-hospital", role: "health-screening.birth-hospital", district: menghe)
        try await test.user("menghe", role: "health-screening.township-centre", district: menghe)
        try await test.user("xinbei-mch", role: "health-screening.county-mch", district: TestPlatform.otherCounty)
        return Other(
            hospital: try await client.login("menghe-hospital"), township: try await client.login("menghe"),
            mch: try await client.login("xinbei-mch"))
    }

    static func steps(_ client: any TestClientProtocol, _ token: String, _ chain: String, _ steps: [(String, [String: Any])]) async throws {
        for (path, body) in steps {
            let answer = try await ChainRouteTests.record(client, token, chain, path, body)
            guard answer.status == .created else { throw TestFailure("\(path) \(body): \(answer.text)") }
        }
    }

    static func positive(_ time: String, sample: String, result: String) -> [(String, [String: Any])] {
        [
            ("consent", ["state": "signed", "occurredAt": time]),
            ("screens", ["state": "done", "occurredAt": sample, "institution": "卫生院"]),
            ("results", ["state": "positive", "occurredAt": result, "detail": "Phe 180 μmol/L"])
        ]
    }

    /// 湖塘镇's newborn born 1 November: PKU positive, its recall overdue since 13 November; a hearing refer whose
    /// rescreen is due (by 13 December); CH recalled and referred, waiting for the centre. 孟河镇's newborn: PKU positive
    /// with its recall overdue. Returns the 湖塘镇 PKU chain.
    static func seed(_ client: any TestClientProtocol, _ tokens: HealthScreeningFixture.Tokens, _ other: Other) async throws -> String {
        let file = try await HealthScreeningFixture.register(
            client, tokens, ["bornAt": "2026-11-01T08:00:00+08:00", "hospitalRecord": "ZY2026110001"])
        let pku = try HealthScreeningFixture.chain(file, "pku")
        try await steps(
            client, tokens.mch, pku,
            positive("2026-11-01T09:00:00+08:00", sample: "2026-11-04T09:00:00+08:00", result: "2026-11-07T09:00:00+08:00"))
        let hearing = try HealthScreeningFixture.chain(file, "hearing")
        try await steps(
            client, tokens.mch, hearing,
            [
                ("consent", ["state": "signed", "occurredAt": "2026-11-01T09:00:00+08:00"]),
                ("screens", ["state": "done", "occurredAt": "2026-11-02T09:00:00+08:00", "institution": "卫生院"]),
                ("results", ["state": "refer", "occurredAt": "2026-11-02T09:10:00+08:00"])
            ])
        let ch = try HealthScreeningFixture.chain(file, "ch")
        try await steps(
            client, tokens.mch, ch,
            positive("2026-11-01T09:00:00+08:00", sample: "2026-11-04T09:00:00+08:00", result: "2026-11-07T09:00:00+08:00") + [
                ("recalls", ["state": "notified", "occurredAt": "2026-11-08T09:00:00+08:00", "person": "母亲", "method": "phone"]),
                ("confirmations", ["state": "referred", "occurredAt": "2026-11-09T09:00:00+08:00", "institution": "常州市新生儿疾病筛查中心"])
            ])
        let registration = HealthScreeningFixture.registration([
            "district": xiaohe.description, "birthDistrict": menghe.description, "bornAt": "2026-11-02T08:00:00+08:00",
            "hospital": "孟河镇卫生院", "hospitalRecord": "MH2026110002"
        ])
        let added = try await client.call(.post, "\(base)/newborns", token: other.hospital, json: registration)
        let otherPKU = try HealthScreeningFixture.chain(added.body, "pku")
        try await steps(
            client, other.hospital, otherPKU,
            positive("2026-11-02T09:00:00+08:00", sample: "2026-11-05T09:00:00+08:00", result: "2026-11-08T09:00:00+08:00"))
        return pku
    }

    static func list(
        _ client: any TestClientProtocol, _ token: String, _ query: String
    ) async throws -> (status: Int, conditions: [String], text: String) {
        let answer = try await client.call(.get, "\(base)/worklist?\(query)", token: token)
        let entries = answer.body["entries"] as? [[String: Any]] ?? []
        return (
            Int(answer.status.code), entries.compactMap { $0["condition"] as? String }, answer.text
        )
    }

    @Test("each county's lists hold only its newborns; another county's district is a 404")
    func listsStayInTheirCounty() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let other = try await Self.otherCounty(test, client)
            _ = try await Self.seed(client, tokens, other)
            let recalls = try await Self.list(client, tokens.township, "list=recalls&status=overdue&district=\(TestPlatform.townshipA)")
            #expect(recalls.status == 200 && recalls.conditions == ["pku"], "\(recalls)")
            #expect(try await Self.list(client, tokens.mch, "list=recalls&district=\(TestPlatform.county)").conditions == ["pku"])
            #expect(try await Self.list(client, other.mch, "list=recalls&district=\(TestPlatform.otherCounty)").conditions == ["pku"])
            #expect(try await Self.list(client, tokens.township, "list=recalls&district=\(TestPlatform.otherCounty)").status == 404)
            #expect(try await Self.list(client, other.mch, "list=recalls&district=\(TestPlatform.county)").status == 404)
            #expect(try await Self.list(client, tokens.sibling, "list=recalls&district=\(TestPlatform.townshipB)").conditions.isEmpty)
            #expect(
                try await Self.list(client, tokens.township, "list=recalls&status=due&district=\(TestPlatform.townshipA)").conditions
                    .isEmpty)
            let rescreens = try await Self.list(client, tokens.township, "list=rescreens&status=due&district=\(TestPlatform.townshipA)")
            #expect(rescreens.conditions == ["hearing"], "\(rescreens)")
            let referrals = try await Self.list(client, tokens.centre, "list=referrals&district=\(TestPlatform.county)")
            #expect(referrals.conditions == ["ch"], "\(referrals)")
            #expect(try await Self.list(client, other.mch, "list=referrals&district=\(TestPlatform.otherCounty)").conditions.isEmpty)
        }
    }

    /// The escalation sweep as the programme runs it, `days` after 1 December.
    static func sweep(_ test: TestPlatform, days: Int) -> NoticeEscalationSweep {
        let context = test.platform.context
        let clock = WallClock(asOf: HealthScreeningFixture.today.adding(days: days))
        return NoticeEscalationSweep(
            database: context.database, policy: context.policy, notices: Notices(events: context.events, clock: clock, logger: test.logger),
            clock: clock, rules: [RecallOverdueNotices.rule], logger: test.logger)
    }

    static func holders(_ test: TestPlatform) async throws -> [String] {
        try await test.owner.withConnection { connection in
            try await connection.query(
                "SELECT u.username || ':' || n.level FROM core.notices n JOIN core.users u ON u.id = n.recipient ORDER BY n.level, u.username",
                logger: test.logger
            ).decode(String.self).collect()
        }
    }

    @Test("an overdue recall tells its township centre once; unacknowledged after 24 hours it reaches the county 妇幼")
    func noticeAndEscalation() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let other = try await Self.otherCounty(test, client)
            let pku = try await Self.seed(client, tokens, other)
            let notifier = RecallOverdueNotices(context: test.platform.context)
            let now = HealthScreeningFixture.clock.now()
            #expect(try await notifier.scan(at: ChainClockTests.instant("2026-11-13T23:59:59+08:00")) == 0, "not overdue on its last day")
            #expect(try await notifier.scan(at: now) == 2)
            #expect(try await notifier.scan(at: now) == 0, "a replayed scan raises nothing more")
            #expect(try await Self.holders(test) == ["menghe:0", "township:0"])
            let inbox = try await client.call(.get, "/api/v1/notices", token: tokens.township)
            let notice = try #require((inbox.body["notices"] as? [[String: Any]])?.first, "\(inbox.text)")
            #expect((notice["subject"] as? [String: Any])?["id"] as? String == pku)
            #expect(inbox.text.contains("ZY2026110001") && !inbox.text.contains("μmol"), "no laboratory value in a notice")
            let theirs = try await client.call(.get, "/api/v1/notices", token: other.township)
            let id = try #require((theirs.body["notices"] as? [[String: Any]])?.first?["id"] as? String, "\(theirs.text)")
            #expect(try await client.call(.post, "/api/v1/notices/\(id)/acknowledge", token: other.township).status == .ok)
            #expect(try await Self.sweep(test, days: 0).escalate() == 0)
            #expect(try await Self.sweep(test, days: 2).escalate() == 1, "only the unacknowledged one goes up")
            #expect(try await Self.holders(test) == ["menghe:0", "township:0", "mch:1"])
            // Recorded, the recall leaves the list and raises nothing more.
            try await Self.steps(
                client, tokens.township, pku,
                [("recalls", ["state": "notified", "occurredAt": "2026-12-01T00:30:00+08:00", "person": "母亲", "method": "phone"])])
            #expect(try await Self.list(client, tokens.township, "list=recalls&district=\(TestPlatform.townshipA)").conditions.isEmpty)
        }
    }
}
