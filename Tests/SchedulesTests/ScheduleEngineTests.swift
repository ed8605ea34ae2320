import Contract
import Foundation
import PostgresNIO
import Schedules
import TestSupport
import Testing

@Suite("日程引擎: 幂等排期, 完成与跳过, 组, 退出与撤销, 迟到入组, 行级安全")
struct ScheduleEngineTests {
    static let village = TestPlatform.villageA
    static let born = Fixtures.instant("2025-11-30T02:30:00Z")

    static func child(_ id: UUID = UUID(), born: Date = born, facts: [String: String] = [:], joined: Date? = nil) -> ScheduleSubject {
        ScheduleSubject(id: id.uuidString, district: village, child: id, anchor: .instant(born), facts: facts, joined: joined)
    }

    /// Runs `body` as the gateway's role with the county in scope (row-level security applies).
    static func scoped<T: Sendable>(
        _ test: TestPlatform, _ district: DistrictCode = TestPlatform.county, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope([district]).multirange)], body)
    }

    @Test("sync is idempotent: a second run writes nothing, a back-dated birth moves open items and leaves done ones")
    func idempotent() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let subject = Self.child()
            let first = try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, subject, on: $0) }
            #expect(first.written == 24)
            let again = try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, subject, on: $0) }
            #expect(again == .init())
            try await Self.scoped(test) {
                try await engine.complete(
                    "month-1", of: Fixtures.checkups, for: subject, at: Fixtures.instant("2026-01-02T02:00:00Z"), on: $0)
            }
            // The birth was entered a day late: corrected, the open items move; the done check-up stays as it was.
            let corrected = ScheduleSubject(
                id: subject.id, district: Self.village, child: subject.child, anchor: .instant(Self.born.addingTimeInterval(-86_400)))
            let moved = try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, corrected, on: $0) }
            // 29 and 30 Nov + 3 months are both 28 Feb (month end): the 3-month check-up and eye check do not move.
            #expect(moved.written == 21)
            let items = try await Self.scoped(test) { try await engine.items(of: subject.id, in: Fixtures.checkups.id, on: $0) }
            #expect(items.count == 24)
            let done = try #require(items.first { $0.item == "month-1" })
            #expect(done.state == .done && done.closedAt == Fixtures.instant("2026-01-02T02:00:00Z"))
            #expect(done.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-01-31")))
            let month3 = try #require(items.first { $0.item == "month-3" })
            #expect(month3.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-03-29")))
            let month6 = try #require(items.first { $0.item == "month-6" })
            #expect(month6.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-06-30")))
            // A replayed import of the same births: nothing written, no duplicate.
            let replay = try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, [corrected], on: $0) }
            #expect(replay == .init())
            let count = try await Self.scoped(test) {
                try await $0.query("SELECT count(*)::int FROM core.schedule_items", logger: test.logger).decode(Int.self).single("count")
            }
            #expect(count == 24)
        }
    }

    @Test("a skip condition plans the item skipped with the condition as reason; a prerequisite holds its item back until done")
    func conditionsAndPrerequisites() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let refused = Self.child(facts: ["consent": "refused"])
            let consenting = Self.child()
            try await Self.scoped(test) { try await engine.sync(Fixtures.screening, [refused, consenting], on: $0) }
            let refusedItems = try await Self.scoped(test) { try await engine.items(of: refused.id, in: Fixtures.screening.id, on: $0) }
            let blood = try #require(refusedItems.first { $0.item == "blood-spot" })
            #expect(blood.state == .skipped && blood.skipReason?.contains("consent") == true)
            var items = try await Self.scoped(test) { try await engine.items(of: consenting.id, in: Fixtures.screening.id, on: $0) }
            #expect(!items.contains { $0.item == "recall" })
            await #expect(throws: Problem.self) {
                try await Self.scoped(test) {
                    try await engine.complete("recall", of: Fixtures.screening, for: consenting, at: Self.born, on: $0)
                }
            }
            try await Self.scoped(test) {
                try await engine.complete(
                    "blood-spot", of: Fixtures.screening, for: consenting, at: Self.born.addingTimeInterval(80 * 3_600), on: $0)
            }
            items = try await Self.scoped(test) { try await engine.items(of: consenting.id, in: Fixtures.screening.id, on: $0) }
            #expect(items.first { $0.item == "recall" }?.state == .planned)
        }
    }

    @Test("a group stays due until every required item is done or skipped with a reason; an optional one does not hold it")
    func groups() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let subject = Self.child()
            let at = Fixtures.instant("2026-03-01T02:00:00Z")
            let status = { @Sendable () async throws -> [String: [String]] in
                let groups = try await Self.scoped(test) { try await engine.groups(of: Fixtures.screening, for: subject.id, on: $0) }
                return Dictionary(uniqueKeysWithValues: groups.map { ($0.group, $0.waiting) })
            }
            try await Self.scoped(test) { try await engine.sync(Fixtures.screening, subject, on: $0) }
            #expect(try await status()["hearing"] == ["hearing-rescreen", "hearing-diagnosis"])
            try await Self.scoped(test) {
                try await engine.complete("hearing-rescreen", of: Fixtures.screening, for: subject, at: at, on: $0)
            }
            #expect(try await status()["hearing"] == ["hearing-diagnosis"])
            await #expect(throws: Problem.self) {
                try await Self.scoped(test) {
                    try await engine.skip("hearing-diagnosis", of: Fixtures.screening, for: subject, reason: "  ", at: at, on: $0)
                }
            }
            try await Self.scoped(test) {
                try await engine.skip("hearing-diagnosis", of: Fixtures.screening, for: subject, reason: "复筛通过", at: at, on: $0)
            }
            // The optional intervention is still planned, but the group is no longer due.
            #expect(try await status()["hearing"] == [])
            #expect(try await status()["blood"] == ["blood-spot", "recall"])
        }
    }

    @Test("a recurring visit counts from the last completion, 7 days for a red child instead of 30; a replayed completion is one")
    func recurrence() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let id = UUID()
            let blue = ScheduleSubject(id: id.uuidString, district: Self.village, child: id, anchor: .date(Fixtures.date("2026-03-01")))
            try await Self.scoped(test) { try await engine.sync(Fixtures.visits, blue, on: $0) }
            let visited = ScheduleTime.midnight(of: Fixtures.date("2026-03-10")).addingTimeInterval(10 * 3_600)
            for _ in 0..<2 {
                try await Self.scoped(test) { try await engine.complete("visit", of: Fixtures.visits, for: blue, at: visited, on: $0) }
            }
            var items = try await Self.scoped(test) { try await engine.items(of: blue.id, in: Fixtures.visits.id, on: $0) }
            #expect(items.map(\.occurrence) == [1, 2])
            #expect(items.last?.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-04-10")))
            // The child turns red: the open visit is re-planned 7 days after the last one.
            let red = ScheduleSubject(id: blue.id, district: Self.village, child: id, anchor: blue.anchor, facts: ["colour": "red"])
            try await Self.scoped(test) { try await engine.sync(Fixtures.visits, red, on: $0) }
            items = try await Self.scoped(test) { try await engine.items(of: blue.id, in: Fixtures.visits.id, on: $0) }
            #expect(items.last?.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-03-18")))
            #expect(items.first?.state == .done)
        }
    }

    @Test("exit cancels every open item in the exit's own transaction; undo restores only what it cancelled")
    func exitAndUndo() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let subject = Self.child()
            let at = Fixtures.instant("2026-03-01T02:00:00Z")
            try await Self.scoped(test) {
                try await engine.sync(Fixtures.screening, subject, on: $0)
                try await engine.sync(Fixtures.checkups, subject, on: $0)
                try await engine.complete("month-1", of: Fixtures.checkups, for: subject, at: at, on: $0)
                try await engine.skip("month-3", of: Fixtures.checkups, for: subject, reason: "已在外地体检", at: at, on: $0)
            }
            let states = { @Sendable () async throws -> [ScheduleItemState: Int] in
                let rows = try await Self.scoped(test) { connection in
                    try await engine.items(of: subject.id, in: Fixtures.checkups.id, on: connection)
                        + engine.items(of: subject.id, in: Fixtures.screening.id, on: connection)
                }
                return rows.reduce(into: [:]) { $0[$1.state, default: 0] += 1 }
            }
            let before = try await states()
            // The write that causes the exit fails: the exit rolls back with it and nothing is cancelled.
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await Self.scoped(test) { connection in
                    _ = try await engine.exit(subject.id, district: Self.village, reason: "死亡", at: at, on: connection)
                    #expect(
                        try await engine.items(of: subject.id, in: Fixtures.checkups.id, on: connection).allSatisfy { $0.state != .planned }
                    )
                    throw Refused()
                }
            }
            #expect(try await states() == before)
            let exit = try await Self.scoped(test) {
                try await engine.exit(subject.id, district: Self.village, reason: "迁出", at: at, on: $0)
            }
            let exited = try await states()
            #expect(exited[.planned] == nil)
            #expect(exited[.cancelled] == before[.planned])
            #expect(exited[.done] == 1 && exited[.skipped] == 1)
            // Nothing is planned for an exited subject, nor can a second exit be recorded.
            #expect(try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, subject, on: $0) } == .init())
            await #expect(throws: Problem.self) {
                try await Self.scoped(test) { try await engine.exit(subject.id, district: Self.village, reason: "again", at: at, on: $0) }
            }
            let restored = try await Self.scoped(test) { try await engine.undoExit(exit, at: at, on: $0) }
            #expect(restored == before[.planned])
            #expect(try await states() == before)
            await #expect(throws: Problem.self) { try await Self.scoped(test) { try await engine.undoExit(exit, at: at, on: $0) } }
        }
    }

    @Test("a child who joins at two is not overdue since birth: items expired before joining are before-joining, open ones planned")
    func lateJoiner() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let joined = Fixtures.instant("2027-12-01T02:00:00Z") // two years after birth
            let subject = Self.child(joined: joined)
            try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, subject, on: $0) }
            let items = try await Self.scoped(test) { try await engine.items(of: subject.id, in: Fixtures.checkups.id, on: $0) }
            let before = Set(items.filter { $0.state == .beforeJoining }.map(\.item))
            // The 24-month check-up (30 Nov 2027, due by 30 Dec, expires 29 Feb 2028) is still open on 1 Dec 2027.
            #expect(before == Set([1, 3, 6, 8, 12, 18].flatMap { ["month-\($0)", "eye-\($0)"] }))
            #expect(items.first { $0.item == "month-24" }?.status(at: joined) == .due)
            let missed = try await Self.scoped(test) {
                try await ScheduleWorklist(logger: test.logger).page(
                    .init(district: TestPlatform.county, status: .missed, permissions: ["core.child.read"], limit: 50, now: joined), on: $0)
            }
            #expect(missed.items.isEmpty)
            // The groups of before-joining items are not held open either.
            let groups = try await Self.scoped(test) { try await engine.groups(of: Fixtures.checkups, for: subject.id, on: $0) }
            #expect(groups.first { $0.group == "month-1" }?.isOpen == false)
            #expect(groups.first { $0.group == "month-24" }?.isOpen == true)
        }
    }

    @Test("row-level security: a sibling township's scope neither sees nor plans a village's items")
    func scope() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let subject = Self.child()
            try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, subject, on: $0) }
            let seen = try await Self.scoped(test, TestPlatform.townshipB) {
                try await engine.items(of: subject.id, in: Fixtures.checkups.id, on: $0)
            }
            #expect(seen.isEmpty)
            await #expect(throws: (any Error).self) {
                try await Self.scoped(test, TestPlatform.townshipB) { try await engine.sync(Fixtures.checkups, Self.child(), on: $0) }
            }
        }
    }

    @Test("the work list answers due, overdue and missed items of a township from its indexes, in due order, paged, at the bounds")
    func worklist() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let subjects = (0..<5).map { _ in Self.child() }
            try await Self.scoped(test) { try await engine.sync(Fixtures.checkups, subjects, on: $0) }
            let now = Fixtures.instant("2026-08-01T02:00:00Z")
            let list = ScheduleWorklist(logger: test.logger)
            var seen: [ScheduledItem] = []
            var after: UUID?
            repeat {
                let cursor = after
                let page = try await Self.scoped(test) {
                    try await list.page(
                        .init(
                            district: TestPlatform.townshipA, status: .overdue, permissions: ["core.child.read"], after: cursor, limit: 3,
                            now: now), on: $0)
                }
                seen += page.items
                after = page.next
            } while after != nil
            // Born 30 Nov 2025; on 1 Aug 2026 the 6-month check-up and eye check (due by 30 Jun, expire 30 Aug) are overdue.
            #expect(seen.count == 10)
            #expect(Set(seen.map(\.item)) == ["month-6", "eye-6"])
            #expect(seen.map(\.dueBy) == seen.map(\.dueBy).sorted())
            let missed = try await Self.scoped(test) {
                try await list.page(
                    .init(district: TestPlatform.townshipA, status: .missed, permissions: ["core.child.read"], limit: 50, now: now), on: $0)
            }
            #expect(Set(missed.items.map(\.item)) == ["month-1", "eye-1", "month-3", "eye-3"])
            let other = try await Self.scoped(test) {
                try await list.page(
                    .init(district: TestPlatform.townshipA, status: .overdue, permissions: ["registry.child.read"], limit: 50, now: now),
                    on: $0)
            }
            #expect(other.items.isEmpty)

            // The window's bounds: overdue from the instant of due by, missed from the instant of expiry.
            let first = try #require(seen.first)
            func listed(_ status: ScheduleItemStatus, at instant: Date) async throws -> Bool {
                try await Self.scoped(test) {
                    try await list.page(
                        .init(district: TestPlatform.townshipA, status: status, permissions: ["core.child.read"], limit: 50, now: instant),
                        on: $0)
                }.items.contains { $0.id == first.id }
            }
            #expect(try await listed(.due, at: first.dueBy.addingTimeInterval(-1)))
            #expect(try await !listed(.overdue, at: first.dueBy.addingTimeInterval(-1)))
            #expect(try await listed(.overdue, at: first.dueBy))
            #expect(try await listed(.overdue, at: first.expires.addingTimeInterval(-1)))
            #expect(try await !listed(.overdue, at: first.expires))
            #expect(try await listed(.missed, at: first.expires))

            func plan(_ status: ScheduleItemStatus) async throws -> String {
                try await Self.scoped(test, TestPlatform.townshipA) { connection in
                    try await connection.run("SET LOCAL enable_seqscan = off", logger: test.logger)
                    var query = ScheduleWorklist.query(
                        .init(district: TestPlatform.townshipA, status: status, permissions: ["core.child.read"], limit: 50, now: now))
                    query.sql = "EXPLAIN " + query.sql
                    return try await connection.query(query, logger: test.logger).decode(String.self).collect().joined(separator: "\n")
                }
            }
            // Under row-level security, as the route runs it: the overdue list from the window index, never a table scan.
            let overdue = try await plan(.overdue)
            #expect(overdue.contains("schedule_items_window") && !overdue.contains("Seq Scan"), "\(overdue)")
            let missedPlan = try await plan(.missed)
            #expect(missedPlan.contains("Index") && !missedPlan.contains("Seq Scan"), "\(missedPlan)")
        }
    }

    @Test("a schedule version is a policy setting: a county changes an interval from a date, elsewhere the default holds")
    func policyVersion() async throws {
        try await TestPlatform.with { test in
            let key = Fixtures.visits.policyKey(source: "测试")
            let store = PolicyStore(keys: [key.erased], logger: test.logger)
            let changed = try ScheduleDeclaration(
                id: Fixtures.visits.id, version: 2, title: Fixtures.visits.title, anchor: Fixtures.visits.anchor,
                readPermission: Fixtures.visits.readPermission,
                items: [
                    ScheduleItem(
                        key: "visit", offset: .days(3), window: ScheduleWindow(dueBy: .days(0), expires: .days(30)),
                        recurrence: ScheduleRecurrence(every: .days(15)))
                ])
            let json = String(decoding: try JSONEncoder().encode(changed), as: UTF8.self)
            try await test.owner.withConnection { connection in
                try await store.set(
                    key.key, district: TestPlatform.county, effectiveFrom: Fixtures.date("2026-07-01"), value: json, source: "武进区文件",
                    on: connection)
                await #expect(throws: Problem.self) {
                    try await store.set(
                        key.key, district: TestPlatform.county, effectiveFrom: Fixtures.date("2026-08-01"),
                        value: #"{"id":"core.return-visits","version":3}"#, source: "坏的", on: connection)
                }
                let before = try await store.value(of: key, in: TestPlatform.villageA, on: Fixtures.date("2026-06-30"), on: connection)
                let after = try await store.value(of: key, in: TestPlatform.villageA, on: Fixtures.date("2026-07-01"), on: connection)
                let elsewhere = try await store.value(
                    of: key, in: TestPlatform.otherCounty, on: Fixtures.date("2026-07-01"), on: connection)
                #expect(before == Fixtures.visits && after == changed && elsewhere == Fixtures.visits)
            }
        }
    }
}
