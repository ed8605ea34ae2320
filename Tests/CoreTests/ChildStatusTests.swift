import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("儿童状态 child-status feed")
struct ChildStatusTests {
    static let followedUp = ChildStatus(
        programme: "demo-programme", code: "followed-up", title: .init(zh: "跟踪中", en: "Followed up"),
        since: CalendarDate(year: 2026, month: 9, day: 1)!, until: CalendarDate(year: 2027, month: 3, day: 1)!, severity: .info,
        link: "/api/v1/demo-programme/things/1")

    func scoped<T: Sendable>(
        _ test: TestPlatform, _ district: DistrictCode, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope([district]).multirange)], body)
    }

    /// A child living in village A (township A) of the test county.
    func register(_ test: TestPlatform) async throws -> UUID {
        let child = try ChildRepository.validate(
            NewChild(idNumber: "320412201505050015", name: "张三明", residenceDistrict: "320412100201", hukouDistrict: "320412100201"),
            today: CalendarDate(year: 2026, month: 9, day: 1)!)
        return try await scoped(test, TestPlatform.townshipA) { try await test.platform.context.children.register(child, on: $0).id }
    }

    func current(_ test: TestPlatform, _ child: UUID, as district: DistrictCode) async throws -> [ChildStatus] {
        try await scoped(test, district) { try await test.platform.context.childStatuses.current(of: child, on: $0) }
    }

    @Test("a status is set once per programme and code, replaced with history, cleared, and hidden from a sibling township")
    func setReplaceClear() async throws {
        try await TestPlatform.with { test in
            let feed = test.platform.context.childStatuses
            let child = try await register(test)
            let urgent = ChildStatus(
                programme: "demo-programme", code: "followed-up", title: .init(zh: "须立即处理", en: "Act now"),
                since: CalendarDate(year: 2026, month: 9, day: 2)!, severity: .urgent)
            let other = ChildStatus(
                programme: "other-programme", code: "paired", title: .init(zh: "已结对", en: "Paired"),
                since: CalendarDate(year: 2026, month: 8, day: 1)!, severity: .info)
            try await scoped(test, TestPlatform.townshipA) { connection in
                try await feed.set(Self.followedUp, of: child, district: TestPlatform.villageA, on: connection)
                try await feed.set(Self.followedUp, of: child, district: TestPlatform.villageA, on: connection)
                try await feed.set(other, of: child, district: TestPlatform.villageA, on: connection)
            }
            #expect(try await current(test, child, as: TestPlatform.villageA) == [Self.followedUp, other])
            #expect(try await current(test, child, as: TestPlatform.townshipB).isEmpty)
            #expect(try await current(test, child, as: TestPlatform.villageB).isEmpty)

            try await scoped(test, TestPlatform.townshipA) {
                try await feed.set(urgent, of: child, district: TestPlatform.villageA, on: $0)
            }
            #expect(try await current(test, child, as: TestPlatform.county) == [urgent, other])
            try await scoped(test, TestPlatform.townshipA) { try await feed.clear("demo-programme", of: child, on: $0) }
            #expect(try await current(test, child, as: TestPlatform.county) == [other])

            let history = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT code, title_en, cleared_at IS NOT NULL FROM core.child_statuses WHERE child_id = \(child) ORDER BY id",
                    logger: test.logger
                ).decode((String, String, Bool).self).collect().map { "\($0.0) \($0.1) \($0.2)" }
            }
            #expect(history == ["followed-up Followed up true", "paired Paired false", "followed-up Act now true"])
        }
    }

    @Test("merging the village a status is filed under re-homes the status with the child")
    func merge() async throws {
        try await TestPlatform.with { test in
            let child = try await register(test)
            try await scoped(test, TestPlatform.villageA) {
                try await test.platform.context.childStatuses.set(Self.followedUp, of: child, district: TestPlatform.villageA, on: $0)
            }
            let target = DistrictCode("320412100202")!
            _ = try await DistrictRepository(database: test.owner).merge(
                TestPlatform.villageA, into: target, effective: "2026-07-01", references: test.platform.districtReferences)
            let filed = try await test.owner.withConnection {
                try await $0.query("SELECT district FROM core.child_statuses WHERE child_id = \(child)", logger: test.logger)
                    .decode(Int64.self).collect()
            }
            #expect(filed == [target.value])
            #expect(try await current(test, child, as: target) == [Self.followedUp])
        }
    }

    @Test("a sibling township can neither read a child's statuses nor file one about a child it does not see under another's district")
    func siblingTownship() async throws {
        try await TestPlatform.with { test in
            let feed = test.platform.context.childStatuses
            let child = try await register(test)
            try await scoped(test, TestPlatform.villageA) {
                try await feed.set(Self.followedUp, of: child, district: TestPlatform.villageA, on: $0)
            }
            #expect(try await current(test, child, as: TestPlatform.townshipB).isEmpty)
            await #expect(throws: PSQLError.self) {
                try await scoped(test, TestPlatform.townshipB) {
                    try await feed.set(Self.followedUp, of: child, district: TestPlatform.villageA, on: $0)
                }
            }
            try await scoped(test, TestPlatform.townshipB) { try await feed.clear("demo-programme", of: child, on: $0) }
            #expect(try await current(test, child, as: TestPlatform.townshipA) == [Self.followedUp])
        }
    }
}
