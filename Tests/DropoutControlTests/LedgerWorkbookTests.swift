import CSVFiles
import Contract
import Foundation
import TestSupport
import Testing

@testable import DropoutControl

/// Dropout control's spreadsheets (issue 15): the enrolment import reads an xlsx as it reads a CSV, and the ledger
/// export writes one with Chinese labels and district names.
@Suite("台账与学籍 xlsx ledger and enrolment workbooks")
struct LedgerWorkbookTests {
    typealias F = DropoutFixture

    /// `text` (CSV lines) as a workbook file.
    func workbook(_ text: String) throws -> URL {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var data = Data()
        var writer = try XLSXWriter(columns: (lines.first ?? []).map { SheetColumn($0) }) { data += $0 }
        for line in lines.dropFirst() { try writer.write(line) }
        try writer.finish()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("enrolment-\(UUID().uuidString).xlsx")
        try data.write(to: url)
        return url
    }

    @Test("an enrolment workbook loads as its CSV does; the ledger workbook labels states and names districts")
    func workbooks() async throws {
        try await F.with { test, client, tokens in
            let importer = EnrolmentImport(platform: test.platform, actor: "test")
            let loaded = try await importer.run(try workbook(F.header + F.row(F.zhang, "张三明")), term: Term(F.term)!)
            try await importer.dropReplaced(loaded)
            let expected = try await F.load(test, F.header + F.row(F.zhang, "张三明"), term: "2027-spring")
            #expect(loaded.loaded == expected.loaded && loaded.rejected.isEmpty, "\(loaded)")

            let wang = try await F.watch(test, F.wang, name: "王浩然")
            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.officer, json: ["student": ["child": wang.uuidString], "term": F.term]
            )
            #expect(opened.status == .created, "\(opened.text)")

            let url = FileManager.default.temporaryDirectory.appendingPathComponent("ledgers-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            let count = try await LedgerExport(platform: test.platform, actor: "test").write(
                district: TestPlatform.county, term: Term(F.term)!, format: .xlsx, to: handle)
            try handle.close()
            var reader = try CSVReader(url: url)
            var records: [[String]] = []
            while let record = try reader.nextRecord() { records.append(record.fields) }
            #expect(records.first == LedgerExport.columns(.xlsx).map(\.title))
            #expect(records.count == count + 1)
            let suspected = try #require(records.first { $0.first == "疑似辍学" }, "\(records)")
            #expect(suspected[3] == "王浩然" && suspected[4] == "320412********0033")
            #expect(suspected[6] == TestPlatform.villageA.description && !suspected[7].isEmpty, "district name: \(suspected)")
            #expect(suspected[9] == "疑似辍学" && (suspected.count < 12 || suspected[11] == "留守儿童"), "\(suspected)")
        }
    }
}
