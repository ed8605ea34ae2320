import Foundation
import Testing

@testable import CSVFiles

@Suite struct MalformedInputTests {
    @Test(arguments: [7, 1 << 20])
    func unterminatedQuoteReportsItsLine(chunkSize: Int) throws {
        let text = "h1,h2\n1,\"ok\nstill ok\"\n3,\"never closed\n4,5\n"
        var reader = try CSVReader(data: Data(text.utf8), chunkSize: chunkSize)
        #expect(try reader.nextRecord()?.line == 1)
        #expect(try reader.nextRecord()?.line == 2)
        #expect(throws: CSVError.unterminatedQuote(line: 4)) { try reader.nextRecord() }
        #expect(try reader.nextRecord() == nil)
    }

    @Test func iterationStopsAtFirstErrorAndKeepsIt() throws {
        var reader = try CSVReader(data: Data("a\n\"b\n".utf8))
        #expect(Array(IteratorSequence(reader)).map(\.fields) == [["a"]])
        while reader.next() != nil {}
        #expect(reader.error == .unterminatedQuote(line: 2))
        #expect(reader.next() == nil)
    }

    @Test func strayQuoteIsReportedAndSkipped() throws {
        let text = "a,b\n\"he said \"hi\"\",x\n\"ok\",y\n"
        let outcomes = try Fixtures.outcomes(CSVReader(data: Data(text.utf8)))
        #expect(outcomes.count == 3)
        #expect(try outcomes[0].get().fields == ["a", "b"])
        #expect(throws: CSVError.strayQuote(line: 2)) { try outcomes[1].get() }
        #expect(try outcomes[2].get() == CSVRecord(line: 3, fields: ["ok", "y"]))
    }

    @Test func quoteInsideUnquotedFieldIsText() throws {
        let records = try Fixtures.records(CSVReader(data: Data("身高 5'3\",x\n".utf8)))
        #expect(records.map(\.fields) == [["身高 5'3\"", "x"]])
    }

    @Test func invalidUTF8IsReportedPerRecord() throws {
        var bytes = Fixtures.bom + Array("姓名,编号\n张三明,1\n".utf8)
        bytes += Array("李四".utf8) + [0xFF] + Array(",2\n王五,3\n".utf8)
        let outcomes = try Fixtures.outcomes(CSVReader(data: Data(bytes), chunkSize: 7))
        #expect(outcomes.count == 4)
        #expect(throws: CSVError.invalidText(line: 3, encoding: .utf8BOM)) { try outcomes[2].get() }
        #expect(try outcomes[3].get() == CSVRecord(line: 4, fields: ["王五", "3"]))
    }

    @Test func invalidUTF8AfterTheDecisionIsReportedPerRecord() throws {
        var bytes = Array("姓名,编号\n".utf8)
        for row in 0..<2_000 { bytes += Array("张三明,\(row)\n".utf8) }
        bytes += [0xC0, 0xAF] + Array(",x\n王五,3\n".utf8)
        let outcomes = try Fixtures.outcomes(CSVReader(data: Data(bytes), chunkSize: 4096))
        #expect(outcomes.count == 2_003)
        #expect(throws: CSVError.invalidText(line: 2_002, encoding: .utf8)) { try outcomes[2_001].get() }
        #expect(try outcomes[2_002].get() == CSVRecord(line: 2_003, fields: ["王五", "3"]))
    }

    @Test func invalidGB18030IsReportedPerRecord() throws {
        var bytes = try Fixtures.gb18030("姓名,编号\n张三明,1\n李四")
        bytes += [0x81, 0x20] + Array(",2\n".utf8) + (try Fixtures.gb18030("王五,3\n"))
        let outcomes = try Fixtures.outcomes(CSVReader(data: Data(bytes)))
        #expect(outcomes.count == 4)
        #expect(try outcomes[1].get() == CSVRecord(line: 2, fields: ["张三明", "1"]))
        #expect(throws: CSVError.invalidText(line: 3, encoding: .gb18030)) { try outcomes[2].get() }
        #expect(try outcomes[3].get() == CSVRecord(line: 4, fields: ["王五", "3"]))
    }

    @Test func truncatedGB18030AtEndIsReported() throws {
        let bytes = try Fixtures.gb18030("姓名\n张三明\n张").dropLast()
        let outcomes = try Fixtures.outcomes(CSVReader(data: Data(bytes), chunkSize: 5))
        #expect(outcomes.count == 3)
        #expect(throws: CSVError.invalidText(line: 3, encoding: .gb18030)) { try outcomes[2].get() }
    }
}
