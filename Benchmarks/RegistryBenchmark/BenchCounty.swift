import Contract
import Foundation

/// The benchmarks' county: 武进区 with 20 townships of 30 villages each (codes by the statistical pattern).
enum BenchCounty {
    static let county = DistrictCode("320412000000")!

    static let villages: [DistrictCode] = (100..<120).flatMap { town in
        (201..<231).map { DistrictCode(value: 320_412_000_000 + Int64(town) * 1_000 + Int64($0))! }
    }

    /// Imports the province, city, county, townships and villages into the database `owner` reaches.
    static func create(_ owner: Database) async throws {
        var rows: [(Int, DistrictCode, String)] = [
            (1, DistrictCode("320000000000")!, "江苏省"), (2, DistrictCode("320400000000")!, "常州市"), (3, county, "武进区")
        ]
        for town in 100..<120 {
            rows.append((rows.count + 1, DistrictCode(value: 320_412_000_000 + Int64(town) * 1_000)!, "第\(town - 99)镇"))
        }
        for village in villages { rows.append((rows.count + 1, village, "\(village.value % 1_000 - 200)村")) }
        _ = try await DistrictRepository(database: owner).importRows(rows)
    }
}
