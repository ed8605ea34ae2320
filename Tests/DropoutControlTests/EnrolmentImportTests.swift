import Contract
import Foundation
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@testable import DropoutControl

@Suite("学籍库导入 enrolment import")
struct EnrolmentImportTests {
    typealias F = DropoutFixture

    func students(_ test: TestPlatform, term: String = F.term) async throws -> [String] {
        try await test.owner.withConnection { connection in
            try await connection.query(
                """
                SELECT name FROM dropout_control.enrolments
                WHERE snapshot = (SELECT snapshot FROM dropout_control.current_snapshots WHERE term = \(term)) ORDER BY name
                """, logger: test.logger
            ).decode(String.self).collect()
        }
    }

    @Test("broken rows in the middle are reported by line and field in Chinese; the valid rows are loaded")
    func brokenRows() async throws {
        try await TestPlatform.with(programmes: [DropoutControlProgramme()]) { test in
            let text =
                F.header + F.row(F.zhang, "张三明")
                + F.row("320412201505050016", "坏校验")
                + F.row(F.li, "李思雨", district: DistrictCode("320412100299")!)
                + F.row(F.wang, "王浩然", grade: "十年级")
                + F.row(F.other, "赵六", status: "毕业")
                + F.row(F.young, "")
                + "\"坏\"引号,1,2,3,4,5\n" // text after a closing quote
                + F.row(F.li, "李思雨")
            let outcome = try await F.load(test, text)
            #expect(outcome.loaded == 2)
            #expect(outcome.rejected.map(\.row) == [3, 4, 5, 6, 7, 8])
            #expect(outcome.rejected.map(\.field) == ["idNumber", "schoolDistrict", "grade", "status", "name", "file"])
            #expect(outcome.rejected[1].detail.zh.contains("学校区划"))
            // An unrecognised status lists what the column takes, in both languages.
            #expect(outcome.rejected[3].detail.zh == "无法识别的学籍状态 毕业; 可填: 在读, 休学, 转出, 送教上门, 辍学", "\(outcome.rejected[3])")
            #expect(outcome.rejected[3].detail.en.hasPrefix("unknown status 毕业; accepted: attending (在读), suspended (休学)"))
            #expect(try await students(test) == ["张三明", "李思雨"].sorted())
        }
    }

    @Test("GB18030 from Excel reads like UTF-8; a file without a header takes the columns in order")
    func encodings() async throws {
        try await TestPlatform.with(programmes: [DropoutControlProgramme()]) { test in
            let url = try F.file(F.header + F.row(F.zhang, "张三明"))
            let gb = url.appendingPathExtension("gb")
            let iconv = Process()
            iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
            iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", url.path, "-o", gb.path]
            try iconv.run()
            iconv.waitUntilExit()
            let outcome = try await EnrolmentImport(platform: test.platform, actor: "test").run(gb, term: Term(F.term)!)
            #expect(outcome.loaded == 1 && outcome.rejected.isEmpty)
            #expect(try await students(test) == ["张三明"])
            try await F.load(test, F.row(F.li, "李思雨"), term: "2027-spring")
            #expect(try await students(test, term: "2027-spring") == ["李思雨"])
        }
    }

    @Test("a new snapshot replaces the old one atomically: mid-import readers see only the old rows")
    func snapshotReplacement() async throws {
        try await TestPlatform.with(programmes: [DropoutControlProgramme()]) { test in
            let first = try await F.load(test, F.header + F.row(F.zhang, "张三明") + F.row(F.li, "李思雨"))
            var importer = EnrolmentImport(platform: test.platform, actor: "test")
            importer.progressInterval = 1
            let seen = Mutex<[[String]]>([])
            let owner = test.owner
            let logger = test.logger
            importer.progress = { _ in
                // Another connection, as a reader would be, while the import's transaction is open.
                let names = try? await owner.withConnection { connection in
                    try await connection.query(
                        """
                        SELECT name FROM dropout_control.enrolments
                        WHERE snapshot = (SELECT snapshot FROM dropout_control.current_snapshots WHERE term = \(F.term)) ORDER BY name
                        """, logger: logger
                    ).decode(String.self).collect()
                }
                seen.withLock { $0.append(names ?? ["(read failed)"]) }
            }
            let second = try await importer.run(
                try F.file(F.header + F.row(F.wang, "王浩然") + F.row(F.young, "小明") + F.row(F.other, "赵六")), term: Term(F.term)!)
            #expect(second.replaced == first.snapshot)
            #expect(seen.withLock { $0 } == Array(repeating: ["张三明", "李思雨"].sorted(), count: 3))
            #expect(try await students(test) == ["王浩然", "小明", "赵六"].sorted())
            try await importer.dropReplaced(second)
            let partitions = try await owner.withConnection {
                try await $0.query(
                    "SELECT count(*)::int FROM pg_inherits WHERE inhparent = 'dropout_control.enrolments'::regclass", logger: logger
                ).decode(Int.self).collect()[0]
            }
            #expect(partitions == 1)
        }
    }
}

@Suite("台账导出 ledger export")
struct LedgerExportTests {
    typealias F = DropoutFixture

    @Test("the per-term export lists the three ledgers with masked ID numbers; Excel opens it (BOM, CRLF)")
    func export() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let li = try await F.watch(test, F.li, name: "李思雨")
            let wang = try await F.watch(test, F.wang, name: "王浩然")
            _ = try await client.call(
                .post, "/api/v1/dropout-control/comparisons", token: tokens.officer, json: ["district": "320412000000", "term": F.term])
            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.officer, json: ["student": ["child": wang.uuidString], "term": F.term]
            )
            _ = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(try #require(opened.body["id"] as? String))/verify", token: tokens.officer,
                json: ["note": "核实"])
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("ledgers-\(UUID().uuidString).csv")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            let count = try await LedgerExport(platform: test.platform, actor: "test").write(
                district: TestPlatform.county, term: Term(F.term)!, to: handle)
            try handle.close()
            #expect(count == 3)
            let data = try Data(contentsOf: url)
            #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
            let lines = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 4)
            #expect(lines.filter { $0.hasPrefix("适龄失学,") }.count == 2 && lines.filter { $0.hasPrefix("辍学,") }.count == 1)
            #expect(lines.contains { $0.contains(li.uuidString) && $0.contains("320412********0023") })
            #expect(!lines.joined().contains(F.li))
        }
    }
}
