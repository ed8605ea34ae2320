import Contract
import Foundation
import HummingbirdTesting
import Schedules
import TestSupport
import Testing

@testable import DropoutControl

/// 个案时限 on the schedule engine: a verified case's persuasion and written-report items in `core.schedule_items`,
/// due when the persuasion rule says, completed by the report, cancelled by a return or closure in the same transaction.
@Suite("个案时限 the dropout case clock on the schedule engine")
struct CaseClockTests {
    typealias F = DropoutFixture
    static let rule = PersuasionRule.standard

    /// A case's items as (item, state, first day, last day) in China, by item.
    static func items(_ test: TestPlatform, _ id: String) async throws -> [String: (state: String, first: String, last: String)] {
        let rows = try await test.owner.withConnection { connection in
            try await connection.query(
                """
                SELECT item, state, ((due_from AT TIME ZONE 'UTC') + interval '8 hours')::date::text,
                       (((due_by AT TIME ZONE 'UTC') + interval '8 hours')::date - 1)::text
                FROM core.schedule_items WHERE subject = \(CaseClock.subjectID(UUID(uuidString: id)!)) AND schedule = \(CaseClock.schedule)
                """, logger: test.logger
            ).decode((String, String, String, String).self).collect()
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.0, (state: $0.1, first: $0.2, last: $0.3)) })
    }

    /// Opens a case for a watched child and verifies it on `verifiedOn`; returns the case's id.
    static func verified(
        _ test: TestPlatform, _ client: any TestClientProtocol, _ token: String, _ idNumber: String, _ name: String,
        on verifiedOn: CalendarDate
    ) async throws -> String {
        let child = try await F.watch(test, idNumber, name: name)
        let opened = try await client.call(
            .post, "/api/v1/dropout-control/cases", token: token, json: ["student": ["child": child.uuidString], "term": F.term])
        let id = try #require(opened.body["id"] as? String, "\(opened.text)")
        let verified = try await client.call(
            .post, "/api/v1/dropout-control/cases/\(id)/verify", token: token,
            json: ["verifiedOn": verifiedOn.description, "note": "家访核实"])
        #expect(verified.status == .ok, "\(verified.text)")
        return id
    }

    static func attempt(_ outcome: String, on day: CalendarDate, party: String = "teacher") -> [String: Any] {
        ["party": party, "by": "班主任 陈老师", "attemptedOn": day.description, "method": "home-visit", "outcome": outcome]
    }

    /// The (subject, item) pairs of the work list of `district` with `status`, or `nil` when it is refused.
    static func worklist(_ client: any TestClientProtocol, _ token: String, _ district: DistrictCode, _ status: String) async throws
        -> Set<String>?
    {
        let page = try await client.call(
            .get, "/api/v1/schedule-items?district=\(district)&status=\(status)&schedule=\(CaseClock.schedule)", token: token)
        guard page.status == .ok else { return nil }
        let items = try #require(page.body["items"] as? [[String: Any]], "\(page.text)")
        return Set(items.map { "\($0["subject"] as? String ?? ""):\($0["item"] as? String ?? "")" })
    }

    // MARK: - The rule as data

    @Test("the report falls due on verification + 15 calendar days (National Day holidays counted), not the day before")
    func daysBoundary() throws {
        let verified = CalendarDate("2026-09-25")!
        let subject = CaseClock.subject(case: UUID(), district: TestPlatform.villageA, child: nil, verifiedOn: verified)
        #expect(try CaseClock.reportDue(Self.rule, for: subject, failed: 2, today: CalendarDate("2026-10-09")!) == nil)
        #expect(try CaseClock.reportDue(Self.rule, for: subject, failed: 2, today: CalendarDate("2026-10-10")!) == "核实辍学已满 15 天仍未复学")
        let plan = Dictionary(
            uniqueKeysWithValues: SchedulePlanner.plan(try CaseClock.declaration(Self.rule), for: subject, recorded: []).map {
                ($0.item, $0)
            })
        #expect(Set(plan.keys) == [CaseClock.persuasion, CaseClock.byDays])
        #expect(plan[CaseClock.persuasion]?.dueBy == ScheduleTime.midnight(of: CalendarDate("2026-10-10")!))
        #expect(plan[CaseClock.byDays]?.dueFrom == ScheduleTime.midnight(of: CalendarDate("2026-10-10")!))
        #expect(plan[CaseClock.byDays]?.dueBy == ScheduleTime.midnight(of: CalendarDate("2026-10-11")!))
    }

    @Test("the failed attempt that reaches the rule's count makes the report due at once; one fewer does not")
    func attemptsBoundary() throws {
        let verified = CalendarDate("2026-03-02")!
        let subject = CaseClock.subject(case: UUID(), district: TestPlatform.villageA, child: nil, verifiedOn: verified)
        #expect(try CaseClock.reportDue(Self.rule, for: subject, failed: 2, today: verified) == nil)
        #expect(try CaseClock.reportDue(Self.rule, for: subject, failed: 3, today: verified) == "劝返 3 次未成功 (规定 3 次)")
        let days = ["2026-03-05", "2026-03-02", "2026-03-04", "2026-03-09"].map { CalendarDate($0)! }
        #expect(CaseClock.exhaustedOn(Self.rule, failedOn: Array(days.prefix(2)), verifiedOn: verified) == nil)
        #expect(CaseClock.exhaustedOn(Self.rule, failedOn: days, verifiedOn: verified) == CalendarDate("2026-03-05"))
        let county = PersuasionRule(failedAttempts: 0, days: 0, followUpMonths: 3)
        #expect(try CaseClock.reportDue(county, for: subject, failed: 0, today: verified) == "劝返 0 次未成功 (规定 0 次)")
        #expect(CaseClock.exhaustedOn(county, failedOn: [], verifiedOn: verified) == verified)
    }

    // MARK: - Through the router

    @Test("verification plans the clock: verified 14 days ago the report is not yet due, 15 days ago it is, in the API and the work list")
    func verificationPlans() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let today = WallClock.system.today()
            let early = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: today.adding(days: -14))
            let late = try await Self.verified(test, client, tokens.officer, F.zhang, "张三明", on: today.adding(days: -15))
            let earlyCase = try await client.call(.get, "/api/v1/dropout-control/cases/\(early)", token: tokens.officer)
            #expect(earlyCase.body["reportDue"] == nil)
            let lateCase = try await client.call(.get, "/api/v1/dropout-control/cases/\(late)", token: tokens.officer)
            #expect(lateCase.body["reportDue"] as? String == "核实辍学已满 15 天仍未复学")

            let earlyItems = try await Self.items(test, early)
            #expect(Set(earlyItems.keys) == [CaseClock.persuasion, CaseClock.byDays])
            #expect(earlyItems[CaseClock.persuasion]?.last == today.description)
            #expect(
                earlyItems[CaseClock.byDays].map { [$0.state, $0.first, $0.last] } == [
                    "planned", today.adding(days: 1).description, today.adding(days: 1).description
                ])
            #expect(try await Self.items(test, late)[CaseClock.byDays]?.first == today.description)

            let due = try #require(try await Self.worklist(client, tokens.officer, TestPlatform.villageA, "due"))
            let earlySubject = CaseClock.subjectID(UUID(uuidString: early)!)
            let lateSubject = CaseClock.subjectID(UUID(uuidString: late)!)
            #expect(due == ["\(earlySubject):persuasion", "\(lateSubject):written-report"])
            #expect(try await Self.worklist(client, tokens.officer, TestPlatform.villageA, "missed") == ["\(lateSubject):persuasion"])
        }
    }

    @Test("the third failed attempt makes the report due at once (persuasion done, the days item skipped); the report completes it")
    func attemptsThenReport() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let today = WallClock.system.today()
            let id = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: today.adding(days: -3))
            for (n, party) in ["teacher", "village"].enumerated() {
                _ = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.officer,
                    json: Self.attempt("refused", on: today.adding(days: n - 2), party: party))
            }
            #expect(try await Self.items(test, id).mapValues { $0.state } == ["persuasion": "planned", "written-report": "planned"])
            let third = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.officer,
                json: Self.attempt("no-contact", on: today, party: "township"))
            #expect(third.body["reportDue"] as? String == "劝返 3 次未成功 (规定 3 次)")
            let exhausted = try await Self.items(test, id)
            #expect(
                exhausted.mapValues { $0.state }
                    == ["persuasion": "done", "written-report": "skipped", "written-report-after-attempts": "planned"])
            #expect(
                exhausted[CaseClock.afterAttempts].map { [$0.first, $0.last] } == [
                    today.adding(days: -3).description, today.adding(days: 12).description
                ])
            let subject = CaseClock.subjectID(UUID(uuidString: id)!)
            #expect(
                try await Self.worklist(client, tokens.officer, TestPlatform.county, "due") == ["\(subject):written-report-after-attempts"])

            let reported = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/reports", token: tokens.officer,
                json: ["content": "李思雨经三次劝返仍未返校, 报请县教育局和湖塘镇政府督促", "reportedOn": today.description])
            #expect(reported.body["state"] as? String == "reported" && reported.body["reportDue"] == nil)
            #expect(try await Self.items(test, id)[CaseClock.afterAttempts]?.state == "done")
            #expect(try await Self.worklist(client, tokens.officer, TestPlatform.county, "due") == [])
        }
    }

    @Test("a report recorded while persuasion is open completes the days item early and skips persuasion")
    func earlyReport() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let today = WallClock.system.today()
            let id = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: today)
            let reported = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/reports", token: tokens.officer, json: ["content": "监护人拒不配合, 提前报告"])
            #expect(reported.status == .ok, "\(reported.text)")
            #expect(try await Self.items(test, id).mapValues { $0.state } == ["persuasion": "skipped", "written-report": "done"])
        }
    }

    @Test("a return cancels the open items in the return's own transaction (rolled back together); undoing the exit restores only those")
    func returnExitsAndUndoRestores() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let today = WallClock.system.today()
            let id = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: today.adding(days: -1))
            for party in ["teacher", "village", "township"] {
                _ = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.officer,
                    json: Self.attempt("refused", on: today, party: party))
            }
            let before = try await Self.items(test, id).mapValues { $0.state }
            #expect(before == ["persuasion": "done", "written-report": "skipped", "written-report-after-attempts": "planned"])

            struct Abandoned: Error {}
            let cases = CaseRepository(context: test.platform.context)
            let back = PersuasionAttempt(
                party: .township, by: "湖塘镇 王干事", attemptedOn: today, method: .meeting, outcome: .returned, note: nil)
            await #expect(throws: Abandoned.self) {
                try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope([TestPlatform.county]).multirange)])
                {
                    connection in
                    try await cases.attempt(UUID(uuidString: id)!, back, by: "test", connection)
                    let inside = try await connection.query(
                        "SELECT state FROM core.schedule_items WHERE subject = \(CaseClock.subjectID(UUID(uuidString: id)!)) AND state = 'planned'",
                        logger: test.logger
                    ).decode(String.self).collect()
                    #expect(inside.isEmpty)
                    throw Abandoned()
                }
            }
            #expect(try await Self.items(test, id).mapValues { $0.state } == before)
            let still = try await client.call(.get, "/api/v1/dropout-control/cases/\(id)", token: tokens.officer)
            #expect(still.body["state"] as? String == "dropout")

            let returned = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.officer, json: Self.attempt("returned", on: today))
            #expect(returned.body["state"] as? String == "returned", "\(returned.text)")
            #expect(
                try await Self.items(test, id).mapValues { $0.state }
                    == ["persuasion": "done", "written-report": "skipped", "written-report-after-attempts": "cancelled"])

            let restored = try await test.owner.withConnection { connection in
                let exit = try await connection.query(
                    "SELECT id FROM core.schedule_exits WHERE subject = \(CaseClock.subjectID(UUID(uuidString: id)!)) AND undone_at IS NULL",
                    logger: test.logger
                ).decode(UUID.self).collect()
                #expect(exit.count == 1)
                return try await test.platform.context.schedules.undoExit(exit[0], at: Date(), on: connection)
            }
            #expect(restored == 1)
            #expect(try await Self.items(test, id).mapValues { $0.state } == before)
        }
    }

    @Test("closing a verified case (动态销号) cancels its open items; a suspected case never verified has none")
    func closureExits() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let id = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: WallClock.system.today())
            let closed = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer,
                json: ["reason": "transferred", "evidence": "常州市第二中学接收证明"])
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(try await Self.items(test, id).mapValues { $0.state } == ["persuasion": "cancelled", "written-report": "cancelled"])

            let child = try await F.watch(test, F.zhang, name: "张三明")
            let suspected = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.officer,
                json: ["student": ["child": child.uuidString], "term": F.term])
            let other = try #require(suspected.body["id"] as? String)
            #expect(try await Self.items(test, other).isEmpty)
        }
    }

    @Test("the case's report is in GET /api/v1/schedule-items for its district and the county, not for a sibling township or county")
    func worklistScope() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let id = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: WallClock.system.today().adding(days: -15))
            let report = "\(CaseClock.subjectID(UUID(uuidString: id)!)):written-report"
            #expect(try await Self.worklist(client, tokens.officer, TestPlatform.county, "due") == [report])
            #expect(try await Self.worklist(client, tokens.school, TestPlatform.townshipA, "due") == [report])
            try await test.user("hutang-b", role: "dropout-control.township", district: TestPlatform.townshipB)
            let sibling = try await client.login("hutang-b")
            #expect(try await Self.worklist(client, sibling, TestPlatform.villageA, "due") == nil)
            #expect(try await Self.worklist(client, sibling, TestPlatform.townshipB, "due") == [])
            #expect(try await Self.worklist(client, tokens.otherOfficer, TestPlatform.county, "due") == nil)
            #expect(try await Self.worklist(client, tokens.otherOfficer, TestPlatform.otherCounty, "due") == [])
        }
    }

    @Test("the residence side's verification leaves the responsible district's items alone; that district's next change plans them")
    func residenceSide() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header + F.row(F.zhang, "张三明", school: "孟河小学", district: F.otherTownship))
            let child = try await F.watch(test, F.zhang, name: "张三明", hukou: F.otherVillage)
            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.otherOfficer,
                json: ["student": ["child": child.uuidString], "term": F.term])
            let id = try #require(opened.body["id"] as? String, "\(opened.text)")
            #expect(opened.body["district"] as? String == F.otherTownship.description)
            let verified = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/verify", token: tokens.officer,
                json: ["verifiedOn": WallClock.system.today().adding(days: -15).description])
            #expect(verified.status == .ok, "\(verified.text)")
            #expect(verified.body["reportDue"] as? String == "核实辍学已满 15 天仍未复学")
            #expect(try await Self.items(test, id).isEmpty)
            let attempt = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.otherOfficer,
                json: Self.attempt("refused", on: WallClock.system.today()))
            #expect(attempt.status == .ok, "\(attempt.text)")
            #expect(try await Self.items(test, id).mapValues { $0.state } == ["persuasion": "planned", "written-report": "planned"])
        }
    }

    @Test("migration 7 back-fills the items the engine plans for open cases under persuasion; run again it adds none")
    func backFill() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            for (district, value) in [
                (TestPlatform.province, #"{"failedAttempts": 5, "days": 20, "followUpMonths": 3}"#),
                (TestPlatform.county, #"{"failedAttempts": 2, "days": 10, "followUpMonths": 3}"#)
            ] {
                try await test.owner.withConnection { connection in
                    try await test.platform.context.policy.set(
                        DropoutPolicy.persuasion.key, district: district, effectiveFrom: CalendarDate("2026-01-01")!, value: value,
                        source: "控辍保学实施细则", on: connection)
                }
            }
            let today = WallClock.system.today()
            let open = try await Self.verified(test, client, tokens.officer, F.li, "李思雨", on: today.adding(days: -4))
            let exhausted = try await Self.verified(test, client, tokens.officer, F.zhang, "张三明", on: today.adding(days: -20))
            // Recorded out of date order: the county's two attempts are reached on the later of the first two days.
            for n in [1, 0, 2] {
                _ = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(exhausted)/attempts", token: tokens.officer,
                    json: Self.attempt("refused", on: today.adding(days: -n * 2)))
            }
            #expect(try await Self.items(test, open)[CaseClock.byDays]?.first == today.adding(days: 6).description)
            #expect(try await Self.items(test, exhausted)[CaseClock.persuasion]?.state == "done")
            let subjects = [open, exhausted].map { CaseClock.subjectID(UUID(uuidString: $0)!) }
            let rows: @Sendable () async throws -> [String] = {
                try await test.owner.withConnection { connection in
                    try await connection.query(
                        """
                        SELECT concat_ws('|', subject, item, occurrence, version, read_permission, required, child_id, district, due_from,
                                         due_by, expires, state, closed_at, skip_reason)
                        FROM core.schedule_items WHERE subject = ANY(\(subjects)) ORDER BY subject, item
                        """, logger: test.logger
                    ).decode(String.self).collect()
                }
            }
            let planned = try await rows()
            #expect(planned.count == 5)
            try await test.owner.withConnection { connection in
                try await connection.run("DELETE FROM core.schedule_items WHERE subject = ANY(\(subjects))", logger: test.logger)
                try await connection.run(script: DropoutSchema.caseClock.sql, logger: test.logger)
            }
            #expect(try await rows() == planned)
            try await test.owner.withConnection { connection in
                try await connection.run(script: DropoutSchema.caseClock.sql, logger: test.logger)
            }
            #expect(try await rows() == planned)
        }
    }
}
