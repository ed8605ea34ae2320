import Foundation
import Testing

@testable import CSVFiles

@Suite struct WriterTests {
    static func written(_ rows: [[String]], bufferSize: Int = 1 << 16) throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = CSVWriter(bufferSize: bufferSize) { output += $0 }
        for row in rows { try writer.write(row) }
        try writer.finish()
        return output
    }

    @Test func byteOrderMarkCRLFAndQuoting() throws {
        let output = try Self.written([["姓名", "备注"], ["张三明", "a,b"], ["李四", "说\"好\""], ["王五", "x\ny"], ["", " 空格 "]])
        #expect(Array(output.prefix(3)) == Fixtures.bom)
        let text = String(decoding: output.dropFirst(3), as: UTF8.self)
        #expect(text == "姓名,备注\r\n张三明,\"a,b\"\r\n李四,\"说\"\"好\"\"\"\r\n王五,\"x\ny\"\r\n, 空格 \r\n")
    }

    @Test func formulaCellsAreDefused() throws {
        let output = try Self.written([["=SUM(A1:A2)", "+1", "-5", "@cmd", "\tx", "\rq", "a=b", "=1,2"]])
        let text = String(decoding: output.dropFirst(3), as: UTF8.self)
        #expect(text == "'=SUM(A1:A2),'+1,'-5,'@cmd,'\tx,\"'\rq\",a=b,\"'=1,2\"\r\n")
    }

    @Test func emptyRowsStayRows() throws {
        let output = try Self.written([[""], ["", ""]])
        #expect(String(decoding: output.dropFirst(3), as: UTF8.self) == "\"\"\r\n,\r\n")
    }

    @Test func nothingWrittenIsJustTheMark() throws {
        #expect(try Self.written([]) == Fixtures.bom)
    }

    @Test(arguments: [1, 1 << 16])
    func readerReadsWriterOutputBack(bufferSize: Int) throws {
        let rows = [
            ["身份证号", "姓名", "备注"],
            ["110101200001011234", "张三明", "儿童主任, \"村\"\r\n第二行"],
            ["", "=HYPERLINK(\"x\")", "-1"],
            [""],
            ["𠀀", "  ", "\"\""]
        ]
        let output = try Self.written(rows, bufferSize: bufferSize)
        let reader = try CSVReader(data: Data(output), chunkSize: 5)
        #expect(reader.encoding == .utf8BOM)
        let records = try Fixtures.records(reader)
        var expected = rows
        expected[2] = ["", "'=HYPERLINK(\"x\")", "'-1"]
        expected.remove(at: 3) // a row of empty cells reads back as a blank row, skipped but counted
        #expect(records.map(\.fields) == expected)
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test func writesToAFileHandle() throws {
        let url = try Fixtures.file([])
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        var writer = CSVWriter(fileHandle: handle, bufferSize: 16)
        for row in 0..<100 { try writer.write(["\(row)", "童\(row)"]) }
        try writer.finish()
        try handle.close()
        let records = try Fixtures.records(CSVReader(url: url))
        #expect(records.count == 100)
        #expect(records[99] == CSVRecord(line: 100, fields: ["99", "童99"]))
    }
}
