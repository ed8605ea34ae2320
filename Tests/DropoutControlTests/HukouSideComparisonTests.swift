import CSVFiles
import Contract
import Foundation
import TestSupport
import Testing

@testable import DropoutControl

/// 户籍 vs 学籍: the county of a child's household registration sees the child it registered who lives elsewhere and
/// attends no school, as the county where the child lives does.
@Suite("户籍地 household-registration side of the comparison")
struct HukouSideComparisonTests {
    typealias F = DropoutFixture

    @Test("a child with 户籍 in 武进 living in 新北, in no school, is on both counties' out-of-school ledgers, marked by side")
    func bothCounties() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header + F.row(F.zhang, "张三明"))
            try await F.watch(test, F.zhang)
            let li = try await F.watch(test, F.li, name: "李思雨", village: F.otherVillage, hukou: TestPlatform.villageA)
            for (token, county, side) in [
                (tokens.officer, TestPlatform.county, "hukou"), (tokens.otherOfficer, TestPlatform.otherCounty, "residence")
            ] {
                let run = try await client.call(
                    .post, "/api/v1/dropout-control/comparisons", token: token, json: ["district": county.description, "term": F.term])
                #expect(run.status == .created, "\(run.text)")
                #expect((run.body["ledgers"] as? [String: Int])?["out-of-school"] == 1, "\(county): \(run.text)")
                let ledger = try await client.call(
                    .get, "/api/v1/dropout-control/ledgers/out-of-school?district=\(county)&term=\(F.term)", token: token)
                #expect(ledger.status == .ok, "\(ledger.text)")
                let entries = try #require(ledger.body["entries"] as? [[String: Any]])
                #expect(entries.map { $0["child"] as? String } == [li.uuidString], "\(county): \(ledger.text)")
                #expect(entries.first?["side"] as? String == side, "\(county): \(ledger.text)")
                #expect(entries.first?["district"] as? String == F.otherVillage.description)
                for (format, marked) in [(ExportFormat.csv, side), (.xlsx, side == "hukou" ? "户籍地" : "居住地")] {
                    let row = try await exported(test, county: county, format: format).first { $0.contains(li.uuidString) }
                    #expect(row?.last == marked, "\(county) \(format): \(row ?? [])")
                }
            }
        }
    }

    /// The records of `county`'s ledger export in `format`, header first.
    func exported(_ test: TestPlatform, county: DistrictCode, format: ExportFormat) async throws -> [[String]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ledgers-\(UUID().uuidString).\(format)")
        defer { try? FileManager.default.removeItem(at: url) }
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        _ = try await LedgerExport(platform: test.platform, actor: "test").write(
            district: county, term: Term(F.term)!, format: format, to: handle)
        try handle.close()
        var reader = try CSVReader(url: url)
        var records: [[String]] = []
        while let record = try reader.nextRecord() { records.append(record.fields) }
        return records
    }
}
