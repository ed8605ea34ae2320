import Foundation
import Testing

@testable import CSVFiles

@Suite struct EncodingTests {
    static let roster = [
        #"身份证号,姓名,职务,区划代码"#,
        #"110101200001011234,张三明,儿童主任,320412100010"#,
        #""110101200001015678","欧阳㐀娜, 小名""娜娜""",儿童督导员,320412100011"#,
        #"130102201503034321,"李四"#,
        #"(曾用名 李肆)",儿童主任,𠀀𠀁村"#,
        ""
    ].joined(separator: "\n")

    @Test func gb18030FileRoundTripsChineseNames() throws {
        let url = try Fixtures.file(try Fixtures.gb18030(Self.roster))
        defer { try? FileManager.default.removeItem(at: url) }
        for chunkSize in [7, 1 << 20] {
            let reader = try CSVReader(url: url, chunkSize: chunkSize)
            #expect(reader.encoding == .gb18030)
            let records = try Fixtures.records(reader)
            #expect(records.map(\.line) == [1, 2, 3, 4])
            #expect(records[1].fields == ["110101200001011234", "张三明", "儿童主任", "320412100010"])
            #expect(records[2].fields[1] == "欧阳㐀娜, 小名\"娜娜\"")
            #expect(records[3].fields == ["130102201503034321", "李四\n(曾用名 李肆)", "儿童主任", "𠀀𠀁村"])
        }
    }

    @Test(arguments: [TextEncodingGuess.utf8, .utf8BOM, .gb18030])
    func everyChunkSizeGivesTheSameRecords(_ encoding: TextEncodingGuess) throws {
        let bytes: [UInt8] =
            switch encoding {
            case .utf8: Array(Self.roster.utf8)
            case .utf8BOM: Fixtures.bom + Array(Self.roster.utf8)
            case .gb18030: try Fixtures.gb18030(Self.roster)
            }
        let whole = try Fixtures.records(CSVReader(data: Data(bytes)))
        #expect(whole.count == 4)
        for chunkSize in 4...40 {
            let reader = try CSVReader(data: Data(bytes), chunkSize: chunkSize)
            #expect(reader.encoding == encoding, "chunk size \(chunkSize)")
            #expect(try Fixtures.records(reader) == whole, "chunk size \(chunkSize)")
        }
    }

    @Test func gb18030WithASCIIHeaderIsDetectedLate() throws {
        var text = "id,name,code\r\n"
        let names = ["张三明", "李四", "王五", "欧阳娜"]
        for row in 0..<2_000 { text += "\(row),\(names[row % 4])\(row),\(row * 7)\r\n" }
        let url = try Fixtures.file(try Fixtures.gb18030(text))
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try CSVReader(url: url, chunkSize: 8)
        #expect(reader.encoding == .utf8)
        #expect(try reader.nextRecord()?.fields == ["id", "name", "code"])
        let records = try Fixtures.records(reader)
        #expect(reader.encoding == .gb18030)
        #expect(records.count == 2_000)
        #expect(records.last == CSVRecord(line: 2_001, fields: ["1999", "欧阳娜1999", "13993"]))
    }

    @Test func utf8CutAtTheFirstChunkEndIsStillUTF8() throws {
        let text = "张三明,儿童主任\n"
        for chunkSize in 4...12 {
            let reader = try CSVReader(data: Data(text.utf8), chunkSize: chunkSize)
            #expect(reader.encoding == .utf8)
            #expect(try Fixtures.records(reader).map(\.fields) == [["张三明", "儿童主任"]])
        }
    }

    @Test func asciiOnlyInputIsUTF8() throws {
        let reader = try CSVReader(data: Data("a,b\n1,2\n".utf8))
        #expect(reader.encoding == .utf8)
        #expect(try Fixtures.records(reader).count == 2)
    }
}
