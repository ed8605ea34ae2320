import Contract
import TestSupport
import Testing

@Suite("政策参数 policy settings")
struct PolicyTests {
    static let key = PolicyKey("demo.visit-interval-days", title: .init(zh: "走访间隔", en: "Visit interval"), defaultValue: "30", source: "默认")

    @Test("a province setting applies below it, a county overrides it, effective dates decide, the default fills the rest")
    func resolution() async throws {
        try await TestPlatform.with { test in
            let store = PolicyStore(keys: [Self.key], logger: test.logger)
            let village = TestPlatform.villageA
            func resolve(_ date: String, _ district: DistrictCode = village) async throws -> PolicySetting {
                try await test.owner.withConnection {
                    try await store.resolve(Self.key.key, district: district, on: CalendarDate(date)!, on: $0)
                }
            }
            #expect(try await resolve("2026-01-01").value == "30")
            try await test.owner.withConnection { connection in
                try await store.set(
                    Self.key.key, district: TestPlatform.province, effectiveFrom: CalendarDate("2025-01-01")!, value: "14", source: "省文件",
                    on: connection)
                try await store.set(
                    Self.key.key, district: TestPlatform.county, effectiveFrom: CalendarDate("2026-03-01")!, value: "7", source: "县文件",
                    on: connection)
            }
            #expect(try await resolve("2026-01-01").value == "14")
            let county = try await resolve("2026-06-01")
            #expect(county.value == "7")
            #expect(county.district == "320412000000")
            #expect(county.source == "县文件")
            #expect(try await resolve("2026-06-01", TestPlatform.otherCounty).value == "14")
            #expect(try await resolve("2024-06-01").value == "30")
        }
    }

    @Test("values must be JSON, keys declared, a source given")
    func validation() async throws {
        try await TestPlatform.with { test in
            let store = PolicyStore(keys: [Self.key], logger: test.logger)
            let day = CalendarDate("2026-01-01")!
            for (key, value, source, field) in [
                (Self.key.key, "not json", "x", "value"), ("demo.unknown", "1", "x", "key"), (Self.key.key, "1", " ", "source")
            ] {
                await #expect {
                    try await test.owner.withConnection {
                        try await store.set(key, district: nil, effectiveFrom: day, value: value, source: source, on: $0)
                    }
                } throws: { ($0 as? Problem)?.field == field }
            }
        }
    }
}
