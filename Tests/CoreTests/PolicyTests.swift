import Contract
import TestSupport
import Testing

@Suite("政策参数 policy settings")
struct PolicyTests {
    static let key = PolicyKey("demo.visit-interval-days", title: .init(zh: "走访间隔", en: "Visit interval"), defaultValue: 30, source: "默认")

    @Test("a province setting applies below it, a county overrides it, effective dates decide, the default fills the rest")
    func resolution() async throws {
        try await TestPlatform.with { test in
            let store = PolicyStore(keys: [Self.key.erased], logger: test.logger)
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

    @Test("a key reads as its type: the default where nothing is set, a district's value with its source; other types are refused")
    func typedValues() async throws {
        try await TestPlatform.with { test in
            let store = PolicyStore(keys: [Self.key.erased], logger: test.logger)
            let day = CalendarDate("2026-06-01")!
            try await test.owner.withConnection { connection in
                #expect(try await store.value(of: Self.key, in: TestPlatform.villageA, on: day, on: connection) == 30)
                for wrong in [#""14""#, "14.5", "[14]", "null"] {
                    await #expect {
                        try await store.set(
                            Self.key.key, district: nil, effectiveFrom: day, value: wrong, source: "省文件", on: connection)
                    } throws: { ($0 as? Problem)?.field == "value" && ($0 as? Problem)?.detail.zh.contains(Self.key.key) == true }
                }
                try await store.set(
                    Self.key.key, district: TestPlatform.county, effectiveFrom: day, value: "14", source: "县文件", on: connection)
                let (value, source) = try await store.setting(of: Self.key, in: TestPlatform.villageA, on: day, on: connection)
                #expect(value == 14 && source == "县文件")
            }
        }
    }

    @Test("values must be JSON, keys declared, a source given")
    func validation() async throws {
        try await TestPlatform.with { test in
            let store = PolicyStore(keys: [Self.key.erased], logger: test.logger)
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
