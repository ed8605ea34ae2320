import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("区划调整 re-divisions")
struct DistrictChangeTests {
    func register(_ test: TestPlatform, _ id: String, in village: DistrictCode) async throws -> UUID {
        let validated = try ChildRepository.validate(
            NewChild(idNumber: id, name: "王小明", residenceDistrict: village.description, hukouDistrict: village.description),
            today: WallClock.system.today())
        return try await test.owner.transaction { try await test.platform.context.children.register(validated, on: $0).id }
    }

    func residence(_ test: TestPlatform, _ child: UUID) async throws -> Int64 {
        try await test.owner.withConnection {
            try await $0.query("SELECT residence_district FROM core.children WHERE id = \(child)", logger: test.logger).decode(Int64.self)
                .collect()[0]
        }
    }

    @Test("rename keeps the old name in the history")
    func rename() async throws {
        try await TestPlatform.with { test in
            let districts = DistrictRepository(database: test.owner)
            try await districts.rename(TestPlatform.villageA, to: "马杭社区", effective: "2026-07-01")
            #expect(try await districts.find(TestPlatform.villageA)?.name == "马杭社区")
            let history = try await test.owner.withConnection {
                try await $0.query(
                    "SELECT old_name, new_name FROM core.district_changes WHERE code = \(TestPlatform.villageA.value)", logger: test.logger
                ).decode((String, String).self).collect()
            }
            #expect(history.count == 1 && history[0] == ("马杭村", "马杭社区"))
        }
    }

    @Test("merging a village re-homes its children and grants and retires the code with a successor")
    func merge() async throws {
        try await TestPlatform.with { test in
            let child = try await register(test, "320412201607070033", in: TestPlatform.villageA)
            try await test.user("director", role: "core.registrar", district: TestPlatform.villageA)
            let target = DistrictCode("320412100202")!
            let districts = DistrictRepository(database: test.owner)
            let moved = try await districts.merge(
                TestPlatform.villageA, into: target, effective: "2026-07-01", references: test.platform.districtReferences)
            #expect(moved >= 3)
            #expect(try await residence(test, child) == target.value)
            let old = try #require(try await districts.find(TestPlatform.villageA))
            #expect(old.validTo == "2026-07-01" && old.successor == target)
            let users = try await Users(database: test.owner, policy: .fast, roles: test.platform.context.roles).list()
            #expect(users.first { $0.username == "director" }?.grants.map(\.district) == [target])
            #expect(try await districts.children(of: TestPlatform.townshipA).map(\.code) == [target])
        }
    }

    @Test("moving a township to another county gives its villages new codes and re-homes everything")
    func move() async throws {
        try await TestPlatform.with { test in
            let child = try await register(test, "320412201607070033", in: TestPlatform.villageA)
            let districts = DistrictRepository(database: test.owner)
            let newCode = DistrictCode("320411102000")!
            _ = try await districts.move(
                TestPlatform.townshipA, to: newCode, effective: "2026-07-01", references: test.platform.districtReferences)
            #expect(try await residence(test, child) == 320_411_102_201)
            #expect(try await districts.find(DistrictCode("320411102201")!)?.name == "马杭村")
            #expect(try await districts.find(TestPlatform.townshipA)?.successor == newCode)
            await #expect(throws: DistrictError.retired(TestPlatform.townshipA)) {
                try await districts.rename(TestPlatform.townshipA, to: "x", effective: "2026-08-01")
            }
        }
    }

    @Test("an import reports bad rows by line and keeps the good ones")
    func importRows() async throws {
        try await TestPlatform.with { test in
            let result = try await DistrictRepository(database: test.owner).importRows([
                (1, DistrictCode("320412102000")!, "遥观镇"),
                (2, DistrictCode("320412102201")!, "剑湖村"),
                (3, DistrictCode("320413100201")!, "无上级村"),
                (4, DistrictCode("320412100201")!, "马杭新村")
            ])
            #expect(result.added == 2 && result.renamed == 1)
            #expect(result.rejected.map(\.row) == [3])
        }
    }
}
