import Foundation
import Testing

@testable import CSVFiles

/// Inputs that took minutes when GB18030 decoding was quadratic (16 KB of `0xFF` took 77 s; 64 KB would take about
/// twenty minutes), and records spanning many chunks. Each must give the same records and errors as a small input.
@Suite struct LinearDecodingTests {
    static let header = "姓名,编号\n"

    @Test(arguments: [7, 4096, 1 << 20])
    func sixtyFourKilobytesOfFFIsOneInvalidRecord(chunkSize: Int) throws {
        var bytes = try Fixtures.gb18030(Self.header)
        bytes += [UInt8](repeating: 0xFF, count: 64 << 10) + Array("\n".utf8) + (try Fixtures.gb18030("王五,3\n"))
        let reader = try CSVReader(data: Data(bytes), chunkSize: chunkSize)
        let outcomes = Fixtures.outcomes(reader)
        #expect(reader.encoding == .gb18030)
        #expect(outcomes.count == 3)
        #expect(try outcomes[0].get().fields == ["姓名", "编号"])
        #expect(throws: CSVError.invalidText(line: 2, encoding: .gb18030)) { try outcomes[1].get() }
        #expect(try outcomes[2].get() == CSVRecord(line: 3, fields: ["王五", "3"]))
    }

    @Test func sixtyFourKilobytesOfFFAloneIsRefusedByLine() throws {
        var bytes = [UInt8]()
        for _ in 0..<1_024 { bytes += [UInt8](repeating: 0xFF, count: 63) + [0x0A] }
        let outcomes = Fixtures.outcomes(try CSVReader(data: Data(bytes)))
        #expect(outcomes.count == 1_024)
        #expect(
            outcomes.enumerated().allSatisfy { line, outcome in
                if case .failure(.invalidText(line + 1, .gb18030)) = outcome { true } else { false }
            })
    }

    @Test(arguments: [7, 4096, 1 << 20])
    func sixtyFourKilobyteFieldOfValidGB18030(chunkSize: Int) throws {
        let name = String(repeating: "张三明𠀀", count: 64 << 10 / 10)
        let text = Self.header + "\(name),1\n李四,2\n"
        let bytes = try Fixtures.gb18030(text)
        #expect(bytes.count >= 64 << 10)
        let reader = try CSVReader(data: Data(bytes), chunkSize: chunkSize)
        let records = try Fixtures.records(reader)
        #expect(reader.encoding == .gb18030)
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["姓名", "编号"]), CSVRecord(line: 2, fields: [name, "1"]),
                CSVRecord(line: 3, fields: ["李四", "2"])
            ])
    }

    @Test func manyRowsOfValidGB18030() throws {
        var text = Self.header
        for row in 0..<20_000 { text += "欧阳娜\(row),\(row)\n" }
        let bytes = try Fixtures.gb18030(text)
        #expect(bytes.count >= 256 << 10)
        let records = try Fixtures.records(try CSVReader(data: Data(bytes), chunkSize: 4096))
        #expect(records.count == 20_001)
        #expect(records.last == CSVRecord(line: 20_001, fields: ["欧阳娜19999", "19999"]))
    }
}
