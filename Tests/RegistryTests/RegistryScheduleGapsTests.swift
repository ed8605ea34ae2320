import Foundation
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

@testable import Contract
@testable import Registry

/// 走访周期 on the schedule engine, the cases beyond opening and visiting: the household-registration district's
/// staff see and work the items; a colour change and an uncounted visit re-plan the open visit without completing it;
/// a transfer to another county, the 18th birthday and a death exit the open items in the same transaction, and
/// undoing a death restores only what it cancelled.
@Suite("走访日程项: 户籍地、改色、不计入的走访、退出 visit items beyond opening and visiting")
struct RegistryScheduleGapsTests {
    /// 城西村, a sibling village of 马杭村 in 湖塘镇.
    static let siblingVillage = DistrictCode("320412100202")!
    /// 小河村 in 新北区, another county.
    static let otherCountyVillage = DistrictCode("320411100201")!

    /// Every visit item of the child's file, all runs: (subject, occurrence, state, due day in China, district).
    static func items(_ test: TestPlatform, _ child: String) async throws -> [(String, Int, String, String, Int64)] {
        try await test.owner.withConnection { connection in
            try await connection.query(
                """
                SELECT subject, occurrence, state, ((due_by AT TIME ZONE 'UTC') + interval '8 hours' - interval '1 day')::date::text, district
                FROM core.schedule_items WHERE child_id = \(UUID(uuidString: child)!) AND schedule = 'registry.visits'
                ORDER BY id
                """, logger: test.logger
            ).decode((String, Int, String, String, Int64).self).collect()
        }
    }

    static func due(_ client: any TestClientProtocol, _ child: String, _ token: String) async throws -> String? {
        try await client.call(.get, "/api/v1/registry/children/\(child)", token: token).body["nextVisitDue"] as? String
    }

    static func open(_ client: any TestClientProtocol, _ body: [String: Any], _ token: String) async throws -> String {
        let opened = try await client.call(.post, "/api/v1/registry/children", token: token, json: body)
        #expect(opened.status == .created, "\(opened.text)")
        return try #require(opened.body["id"] as? String)
    }

    static func visit(_ client: any TestClientProtocol, _ child: String, _ body: [String: Any], _ token: String) async throws -> String? {
        let visited = try await client.call(.post, "/api/v1/registry/children/\(child)/visits", token: token, json: body)
        #expect(visited.status == .created, "\(visited.text)")
        return visited.body["nextDue"] as? String
    }

    /// The children whose visit `district`'s work list shows past its due day for `token` (a visit's window closes with
    /// its due day, so the engine counts it `missed`).
    static func overdue(_ client: any TestClientProtocol, _ district: DistrictCode, _ token: String) async throws -> [String] {
        let listed = try await client.call(.get, "/api/v1/schedule-items?district=\(district)&status=missed", token: token)
        #expect(listed.status == .ok, "\(listed.text)")
        return (listed.body["items"] as? [[String: Any]] ?? []).compactMap { $0["child"] as? String }
    }

    @Test("a child living in 卢家巷村 registered in 马杭村: 马杭村 lists its overdue visit and completes it, 城西村 does not see it")
    func householdRegistrationSide() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.user("chengxi", role: "registry.director", district: Self.siblingVillage)
            let sibling = try await client.login("chengxi")
            var body = RegistryFixture.leftBehind("320412201603030026", village: TestPlatform.villageB)
            body["hukouDistrict"] = TestPlatform.villageA.description
            let child = try await Self.open(client, body, tokens.otherDirector)
            let today = WallClock.system.today()
            // A home visit 31 days ago makes the next one overdue since yesterday.
            #expect(
                try await Self.visit(
                    client, child, ["visitedOn": today.adding(days: -31).description, "mode": "home"], tokens.otherDirector)
                    == today.adding(days: -1).description)
            #expect(try await Self.items(test, child).map(\.4) == [TestPlatform.villageB.value, TestPlatform.villageB.value])

            #expect(try await Self.overdue(client, TestPlatform.villageA, tokens.director) == [child.uppercased()])
            #expect(try await Self.overdue(client, TestPlatform.townshipA, tokens.supervisor) == [child.uppercased()])
            #expect(try await Self.overdue(client, TestPlatform.villageB, tokens.otherDirector) == [child.uppercased()])
            #expect(try await Self.overdue(client, Self.siblingVillage, sibling).isEmpty)

            // The household-registration side's visit completes the engine's item and plans the next.
            #expect(
                try await Self.visit(client, child, ["visitedOn": today.description, "mode": "home"], tokens.director)
                    == today.adding(days: 30).description)
            let after = try await Self.items(test, child)
            #expect(after.map(\.2) == ["done", "done", "planned"])
            #expect(after.last?.3 == today.adding(days: 30).description)
            #expect(try await Self.overdue(client, TestPlatform.villageA, tokens.director).isEmpty)
            #expect(try await Self.due(client, child, tokens.otherDirector) == today.adding(days: 30).description)
        }
    }

    @Test("migration 17's back-fill gives existing items and exits the child's 户籍地 where it differs; run again it changes nothing")
    func backFillHouseholdRegistration() async throws {
        try await RegistryFixture.with { test, client, tokens in
            var body = RegistryFixture.leftBehind("320412201603030026", village: TestPlatform.villageB)
            body["hukouDistrict"] = TestPlatform.villageA.description
            let elsewhere = try await Self.open(client, body, tokens.otherDirector)
            let home = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let died = try await client.call(
                .patch, "/api/v1/registry/children/\(elsewhere)", token: tokens.director, json: ["deceased": true])
            #expect(died.status == .ok || died.status == .noContent, "\(died.text)")
            func hukous() async throws -> [String] {
                try await test.owner.withConnection { connection in
                    try await connection.query(
                        """
                        SELECT 'item ' || child_id::text || ' ' || COALESCE(hukou_district::text, '-') FROM core.schedule_items
                        UNION ALL SELECT 'exit ' || subject || ' ' || COALESCE(hukou_district::text, '-') FROM core.schedule_exits
                        ORDER BY 1
                        """, logger: test.logger
                    ).decode(String.self).collect()
                }
            }
            let written = try await hukous()
            let villageA = TestPlatform.villageA.description
            #expect(written.filter { $0.hasSuffix(" \(villageA)") }.count == 2)
            #expect(written.contains { $0.hasPrefix("item \(home.lowercased())") && $0.hasSuffix(" -") })
            try await test.owner.withConnection { connection in
                try await connection.run(
                    script: "UPDATE core.schedule_items SET hukou_district = NULL; UPDATE core.schedule_exits SET hukou_district = NULL;",
                    logger: test.logger)
                for _ in 1...2 { try await connection.run(script: CoreSchema.scheduleDistrictsBackFill, logger: test.logger) }
            }
            #expect(try await hukous() == written)
        }
    }

    @Test("a never-visited file turned yellow then red is due one new interval from the change; a lighter colour keeps it")
    func colourChangeNeverVisited() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let child = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let today = WallClock.system.today()
            #expect(try await Self.items(test, child).map(\.3) == [today.adding(days: 30).description])
            for (colour, token, days) in [("yellow", tokens.director, 15), ("red", tokens.supervisor, 7), ("green", tokens.supervisor, 7)] {
                let changed = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/risk", token: token, json: ["colour": colour, "reason": "入户核查"])
                #expect(changed.status == .ok, "\(changed.text)")
                let items = try await Self.items(test, child)
                #expect(items.map(\.1) == [1] && items.map(\.2) == ["planned"], "\(colour)")
                #expect(items.first?.3 == today.adding(days: days).description, "\(colour)")
                #expect(try await Self.due(client, child, tokens.director) == items.first?.3, "\(colour)")
            }
        }
    }

    @Test("under [\"home\"] a phone call that finds violence turns the file red and re-plans from the call, completing nothing")
    func uncountedVisitReplans() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.owner.withConnection { connection in
                try await test.platform.context.policy.set(
                    RegistryPolicy.cadenceVisitModes.key, district: TestPlatform.townshipA,
                    effectiveFrom: CalendarDate(year: 2020, month: 1, day: 1)!, value: #"["home"]"#, source: "武进区 入户走访",
                    on: connection)
            }
            let child = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let today = WallClock.system.today()
            let called = today.adding(days: -2)
            let phone: [String: Any] = ["visitedOn": called.description, "mode": "phone", "findings": ["suspectedViolence": true]]
            #expect(try await Self.visit(client, child, phone, tokens.director) == called.adding(days: 7).description)
            var items = try await Self.items(test, child)
            #expect(items.map(\.1) == [1] && items.map(\.2) == ["planned"])
            #expect(items.first?.3 == called.adding(days: 7).description)
            #expect(try await Self.due(client, child, tokens.director) == called.adding(days: 7).description)
            // The same call again changes nothing; a home visit then completes the item.
            #expect(try await Self.visit(client, child, phone, tokens.director) == called.adding(days: 7).description)
            #expect(try await Self.items(test, child).count == 1)
            #expect(
                try await Self.visit(client, child, ["visitedOn": today.description, "mode": "home"], tokens.director)
                    == today.adding(days: 7).description)
            items = try await Self.items(test, child)
            #expect(items.map(\.2) == ["done", "planned"])
        }
    }

    @Test("accepted by another county: the sending run exits, the receiving county's begins; undoing a later death restores only its item")
    func transferToAnotherCounty() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.user("xiaohe", role: "registry.director", district: Self.otherCountyVillage)
            let receiver = try await client.login("xiaohe")
            let child = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let today = WallClock.system.today()
            _ = try await Self.visit(client, child, ["visitedOn": today.adding(days: -3).description, "mode": "home"], tokens.director)
            let proposed = try await client.call(
                .post, "/api/v1/registry/children/\(child)/transfers", token: tokens.director,
                json: ["toDistrict": Self.otherCountyVillage.description, "reason": "随父母迁居新北区"])
            let transfer = try #require(proposed.body["id"] as? Int)
            let accepted = try await client.call(.post, "/api/v1/registry/transfers/\(transfer)/accept", token: receiver, json: [:])
            #expect(accepted.status == .ok, "\(accepted.text)")

            let first = VisitCadence.subjectID(UUID(uuidString: child)!)
            let run = VisitCadence.subjectID(UUID(uuidString: child)!, transfer: Int64(transfer))
            let items = try await Self.items(test, child)
            #expect(items.map(\.0) == [first, first, run])
            #expect(items.map(\.2) == ["done", "cancelled", "planned"])
            #expect(items.map(\.4) == Array(repeating: Self.otherCountyVillage.value, count: 3))
            #expect(items.last?.3 == today.adding(days: 30).description)
            #expect(try await Self.due(client, child, receiver) == today.adding(days: 30).description)
            let exits = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT subject, reason FROM core.schedule_exits WHERE subject LIKE \(first + "%") ORDER BY exited_at",
                    logger: test.logger
                ).decode((String, String).self).collect()
            }
            #expect(exits.map(\.0) == [first])
            #expect(exits.first?.1 == VisitCadence.transferExit(to: Self.otherCountyVillage))

            for deceased in [true, false] {
                let patched = try await client.call(
                    .patch, "/api/v1/registry/children/\(child)", token: receiver, json: ["deceased": deceased])
                #expect(patched.status == .ok || patched.status == .noContent, "\(patched.text)")
                #expect(try await Self.items(test, child).map(\.2) == ["done", "cancelled", deceased ? "cancelled" : "planned"])
            }
            #expect(try await Self.due(client, child, receiver) == today.adding(days: 30).description)
        }
    }

    @Test("a deceased child's file accepted by another county begins no visits there")
    func deceasedTransferBeginsNothing() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.user("xiaohe", role: "registry.director", district: Self.otherCountyVillage)
            let receiver = try await client.login("xiaohe")
            let child = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let died = try await client.call(.patch, "/api/v1/registry/children/\(child)", token: tokens.director, json: ["deceased": true])
            #expect(died.status == .ok || died.status == .noContent, "\(died.text)")
            let proposed = try await client.call(
                .post, "/api/v1/registry/children/\(child)/transfers", token: tokens.director,
                json: ["toDistrict": Self.otherCountyVillage.description, "reason": "档案随户籍迁移"])
            let transfer = try #require(proposed.body["id"] as? Int)
            let accepted = try await client.call(.post, "/api/v1/registry/transfers/\(transfer)/accept", token: receiver, json: [:])
            #expect(accepted.status == .ok, "\(accepted.text)")
            let items = try await Self.items(test, child)
            #expect(items.map(\.0) == [VisitCadence.subjectID(UUID(uuidString: child)!)])
            #expect(items.map(\.2) == ["cancelled"])
        }
    }

    @Test("a transfer that fails after the exit leaves the transfer proposed, the items open and no exit")
    func failedTransferRollsBack() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.user("xiaohe", role: "registry.director", district: Self.otherCountyVillage)
            let receiver = try await client.login("xiaohe")
            let child = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let before = try await Self.items(test, child)
            let proposed = try await client.call(
                .post, "/api/v1/registry/children/\(child)/transfers", token: tokens.director,
                json: ["toDistrict": Self.otherCountyVillage.description, "reason": "随父母迁居新北区"])
            let transfer = try #require(proposed.body["id"] as? Int)
            // The outbox refuses the completion event, the transaction's last write.
            try await test.owner.withConnection { connection in
                try await connection.run(
                    script: """
                        CREATE FUNCTION core.refuse_transfer_event() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF NEW.topic = 'registry.transfer.completed' THEN
                                RAISE EXCEPTION 'outbox refused' USING ERRCODE = 'check_violation';
                            END IF;
                            RETURN NEW;
                        END $$;
                        CREATE TRIGGER refuse_transfer_event BEFORE INSERT ON core.events
                            FOR EACH ROW EXECUTE FUNCTION core.refuse_transfer_event();
                        """, logger: test.logger)
            }
            let accepted = try await client.call(.post, "/api/v1/registry/transfers/\(transfer)/accept", token: receiver, json: [:])
            #expect(accepted.status != .ok)
            #expect(try await Self.items(test, child).map { [$0.0, $0.2, $0.3] } == before.map { [$0.0, $0.2, $0.3] })
            #expect(try await Self.items(test, child).map(\.4) == [TestPlatform.villageA.value])
            let (status, exits) = try await test.owner.withConnection { connection in
                (
                    try await connection.query("SELECT status FROM registry.transfers WHERE id = \(Int64(transfer))", logger: test.logger)
                        .decode(String.self).collect(),
                    try await connection.query("SELECT count(*)::int FROM core.schedule_exits", logger: test.logger).decode(Int.self)
                        .collect()
                )
            }
            #expect(status == ["proposed"])
            #expect(exits == [0])
            #expect(try await Self.due(client, child, tokens.director) == before.first?.3)
        }
    }

    @Test("on the 18th birthday the open visit is cancelled, at the birthday, once")
    func ageOut() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let child = try await Self.open(client, RegistryFixture.leftBehind("320412200901100016"), tokens.director)
            let young = try await Self.open(client, RegistryFixture.leftBehind(), tokens.director)
            let scanner = ExitReviewScanner(context: test.platform.context)
            let birthday = CalendarDate(year: 2027, month: 1, day: 10)!
            #expect(try await scanner.exitAgedOut(today: birthday.adding(days: -1)) == 0)
            #expect(try await Self.items(test, child).map(\.2) == ["planned"])
            #expect(try await scanner.exitAgedOut(today: birthday) == 1)
            #expect(try await scanner.exitAgedOut(today: birthday) == 0)
            #expect(try await Self.items(test, child).map(\.2) == ["cancelled"])
            #expect(try await Self.items(test, young).map(\.2) == ["planned"])
            let exited = try await test.owner.withConnection { connection in
                try await connection.query(
                    """
                    SELECT reason, ((exited_at AT TIME ZONE 'UTC') + interval '8 hours')::text FROM core.schedule_exits
                    WHERE subject = \(VisitCadence.subjectID(UUID(uuidString: child)!))
                    """, logger: test.logger
                ).decode((String, String).self).collect()
            }
            #expect(exited.map(\.0) == [VisitCadence.ageOutExit])
            #expect(exited.first?.1 == "2027-01-10 00:00:00")
        }
    }
}
