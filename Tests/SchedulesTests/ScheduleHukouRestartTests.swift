import Contract
import Foundation
import PostgresNIO
import Schedules
import TestSupport
import Testing

/// The household-registration district (户籍地) of a subject sees and works its items under row-level security and
/// in the work list, a sibling district does not; a restarted wait (重新计时) is due one interval after the restart.
@Suite("日程引擎: 户籍地与重新计时 household-registration side and restarted waits")
struct ScheduleHukouRestartTests {
    /// 城西村, a sibling village of 马杭村 in 湖塘镇.
    static let sibling = DistrictCode("320412100202")!
    static let returned = Fixtures.date("2026-03-01")

    /// A child returned home to 卢家巷村, registered in 马杭村.
    static func child(_ id: UUID = UUID(), colour: String = "blue") -> ScheduleSubject {
        ScheduleSubject(
            id: id.uuidString, district: TestPlatform.villageB, hukou: TestPlatform.villageA, child: id, anchor: .date(returned),
            facts: ["colour": colour])
    }

    static func overdue(_ test: TestPlatform, _ district: DistrictCode, now: Date) async throws -> [String] {
        try await ScheduleEngineTests.scoped(test, district) {
            try await ScheduleWorklist(logger: test.logger).page(
                .init(district: district, status: .overdue, permissions: ["core.child.read"], limit: 50, now: now), on: $0)
        }.items.map(\.subject)
    }

    @Test("the 户籍地 village lists and completes the item, the residence's township lists it, a sibling village sees nothing")
    func householdRegistrationSide() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let subject = Self.child()
            try await ScheduleEngineTests.scoped(test, TestPlatform.villageA) { try await engine.sync(Fixtures.visits, subject, on: $0) }
            let now = Fixtures.instant("2026-03-10T02:00:00Z")
            for district in [TestPlatform.villageA, TestPlatform.townshipA, TestPlatform.villageB, TestPlatform.townshipB] {
                #expect(try await Self.overdue(test, district, now: now) == [subject.id], "\(district)")
            }
            #expect(try await Self.overdue(test, Self.sibling, now: now).isEmpty)
            let hidden = try await ScheduleEngineTests.scoped(test, Self.sibling) {
                try await engine.items(of: subject.id, in: Fixtures.visits.id, on: $0)
            }
            #expect(hidden.isEmpty)
            try await ScheduleEngineTests.scoped(test, TestPlatform.villageA) {
                try await engine.complete("visit", of: Fixtures.visits, for: subject, at: now, on: $0)
            }
            let items = try await ScheduleEngineTests.scoped(test, TestPlatform.villageB) {
                try await engine.items(of: subject.id, in: Fixtures.visits.id, on: $0)
            }
            #expect(items.map(\.state) == [.done, .planned])
            // The exit is the 户籍地's too, so its staff may record it and undo it.
            let exit = try await ScheduleEngineTests.scoped(test, TestPlatform.villageA) {
                try await engine.exit(
                    subject.id, district: subject.district, hukou: subject.hukou, reason: "死亡", at: now, on: $0)
            }
            let restored = try await ScheduleEngineTests.scoped(test, TestPlatform.villageA) {
                try await engine.undoExit(exit, at: now, on: $0)
            }
            #expect(restored == 1)
        }
    }

    @Test("the 户籍地 side of the work list is read from its own indexes under row-level security, never a table scan")
    func householdRegistrationSidePlans() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            try await ScheduleEngineTests.scoped(test) { connection in
                for _ in 1...20 { try await engine.sync(Fixtures.visits, Self.child(), on: connection) }
            }
            let now = Fixtures.instant("2026-03-10T02:00:00Z")
            for status in [ScheduleItemStatus.due, .overdue, .missed] {
                let plan = try await ScheduleEngineTests.scoped(test, TestPlatform.townshipA) { connection in
                    try await connection.run("SET LOCAL enable_seqscan = off", logger: test.logger)
                    var query = ScheduleWorklist.query(
                        .init(district: TestPlatform.townshipA, status: status, permissions: ["core.child.read"], limit: 50, now: now),
                        side: .hukou)
                    query.sql = "EXPLAIN " + query.sql
                    return try await connection.query(query, logger: test.logger).decode(String.self).collect().joined(separator: "\n")
                }
                #expect(plan.contains("_hukou") && !plan.contains("Seq Scan"), "\(status): \(plan)")
            }
        }
    }

    @Test(
        "a restarted wait is due one interval after the restart, by the subject's colour; re-syncing keeps it; a done item cannot restart")
    func restart() async throws {
        try await TestPlatform.with { test in
            let engine = test.platform.context.schedules
            let blue = Self.child()
            try await ScheduleEngineTests.scoped(test) { try await engine.sync(Fixtures.visits, blue, on: $0) }
            let red = Self.child(blue.child!, colour: "red")
            let restartedAt = ScheduleTime.midnight(of: Fixtures.date("2026-03-04"))
            try await ScheduleEngineTests.scoped(test) {
                try await engine.restart("visit", of: Fixtures.visits, for: red, at: restartedAt, on: $0)
            }
            @Sendable func items() async throws -> [ScheduledItem] {
                try await ScheduleEngineTests.scoped(test) { try await engine.items(of: blue.id, in: Fixtures.visits.id, on: $0) }
            }
            var open = try #require(try await items().first)
            // 4 Mar + 7 days (red): due by the end of 11 Mar.
            #expect(open.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-03-12")))
            #expect(try await ScheduleEngineTests.scoped(test) { try await engine.sync(Fixtures.visits, red, on: $0) } == .init())
            // Blue again: the restarted wait counts 30 days from the restart, not 7 from the return home.
            try await ScheduleEngineTests.scoped(test) { try await engine.sync(Fixtures.visits, blue, on: $0) }
            open = try #require(try await items().first)
            #expect(open.dueBy == ScheduleTime.midnight(of: Fixtures.date("2026-04-04")))
            try await ScheduleEngineTests.scoped(test) {
                try await engine.complete("visit", of: Fixtures.visits, for: blue, at: restartedAt, on: $0)
            }
            #expect(try await items().map(\.state) == [.done, .planned])
            _ = try await ScheduleEngineTests.scoped(test) {
                try await engine.exit(blue.id, district: blue.district, hukou: blue.hukou, reason: "迁出", at: restartedAt, on: $0)
            }
            await #expect(throws: (any Error).self) {
                try await ScheduleEngineTests.scoped(test) {
                    try await engine.restart("visit", of: Fixtures.visits, for: blue, at: restartedAt, on: $0)
                }
            }
        }
    }
}
