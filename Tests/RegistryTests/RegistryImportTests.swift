import Contract
import Foundation
import TestSupport
import Testing

@testable import Registry

@Suite("台账导入 import")
struct RegistryImportTests {
    static let header = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
    static let good1 = "320412201505050015,张三明,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01\n"
    static let good2 = "320412201406060023,李思雨,320412101201,320412101201,农村,外出务工,2024-03-01,重病,2023-01-01\n"
    static let good3 = "320412201607070033,王浩然,320412100202,320412100202,城镇,,,,\n"
    static let badChecksum = "320412201505050016,坏校验,320412100201,320412100201,农村,,,,\n"
    static let unknownVillage = "320411201508080045,无此村,320412100299,320412100299,农村,,,,\n"
    static let badCondition = "320412201607070033,王浩然,320412100202,320412100202,城镇,出国,2024-01-01,,\n"

    func write(_ text: String, encoding: String.Encoding = .utf8, bom: Bool = false) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).csv")
        var data = bom ? Data([0xEF, 0xBB, 0xBF]) : Data()
        data.append(try #require(text.data(using: encoding)))
        try data.write(to: url)
        return url
    }

    func gb18030(_ text: String) throws -> URL {
        let source = try write(text)
        let target = source.appendingPathExtension("gb")
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", source.path, "-o", target.path]
        try iconv.run()
        iconv.waitUntilExit()
        return target
    }

    func files(_ test: TestPlatform) async throws -> Int {
        try await test.owner.withConnection {
            try await $0.query("SELECT count(*) FROM registry.files", logger: test.logger).decode(Int.self).collect()[0]
        }
    }

    @Test("broken rows in the middle are reported by line and field; valid rows are kept; a re-run adds nothing")
    func brokenRows() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let file = try write(Self.header + Self.good1 + Self.badChecksum + Self.unknownVillage + Self.good2 + Self.good1 + Self.good3)
            let first = try await RegistryImport(platform: test.platform, actor: "test").run(file, allOrNothing: false)
            #expect(first.opened == 3)
            #expect(first.alreadyOpen == 1)
            #expect(first.rejected.map(\.row) == [3, 4])
            #expect(first.rejected.map(\.field) == ["idNumber", "residenceDistrict"])
            let again = try await RegistryImport(platform: test.platform, actor: "test").run(file, allOrNothing: false)
            #expect(again.opened == 0 && again.alreadyOpen == 4)
            #expect(try await files(test) == 3)
            let derived = try await test.owner.withConnection {
                try await $0.query("SELECT count(*) FROM registry.categories WHERE category = 'rural-left-behind'", logger: test.logger)
                    .decode(Int.self).collect()[0]
            }
            #expect(derived == 2)
        }
    }

    @Test("--all-or-nothing writes nothing when one row is bad")
    func allOrNothing() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let file = try write(Self.header + Self.good1 + Self.badCondition + Self.good2)
            let outcome = try await RegistryImport(platform: test.platform, actor: "test").run(file, allOrNothing: true)
            #expect(outcome.opened == 0)
            #expect(outcome.rejected.map(\.field) == ["fatherCondition"])
            #expect(try await files(test) == 0)
            let core = try await test.owner.withConnection {
                try await $0.query("SELECT count(*) FROM core.children", logger: test.logger).decode(Int.self).collect()[0]
            }
            #expect(core == 0)
        }
    }

    @Test("GB18030 from Excel and UTF-8 with a BOM read the same")
    func encodings() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let gb = try await RegistryImport(platform: test.platform, actor: "test").run(
                try gb18030(Self.header + Self.good1), allOrNothing: false)
            #expect(gb.opened == 1 && gb.rejected.isEmpty)
            let bom = try await RegistryImport(platform: test.platform, actor: "test").run(
                try write(Self.header + Self.good2, bom: true), allOrNothing: false)
            #expect(bom.opened == 1 && bom.rejected.isEmpty)
            let names = try await test.owner.withConnection {
                try await $0.query("SELECT name FROM registry.files ORDER BY name", logger: test.logger).decode(String.self).collect()
            }
            #expect(Set(names) == ["张三明", "李思雨"])
        }
    }

    @Test("the export masks ID numbers unless revealed, and Excel opens it (BOM, CRLF)")
    func export() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            _ = try await RegistryImport(platform: test.platform, actor: "test").run(
                try write(Self.header + Self.good1 + Self.good2), allOrNothing: false)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).csv")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            let count = try await RegistryExport(platform: test.platform, actor: "test").write(
                district: TestPlatform.county, reveal: false, to: handle)
            try handle.close()
            #expect(count == 2)
            let data = try Data(contentsOf: url)
            #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
            let text = String(decoding: data.dropFirst(3), as: UTF8.self)
            #expect(text.contains("\r\n"))
            #expect(text.contains("320412********0015"))
            #expect(!text.contains("320412201505050015"))
        }
    }
}
