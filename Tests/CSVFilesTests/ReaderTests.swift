import Foundation
import Testing

@testable import CSVFiles

@Suite struct ReaderTests {
    @Test func plainUTF8FromFile() throws {
        let url = try Fixtures.file(Array("身份证号,姓名\n110101200001011234,张三明\n".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(url: url)
        #expect(reader.encoding == .utf8)
        #expect(
            try Fixtures.records(reader) == [
                CSVRecord(line: 1, fields: ["身份证号", "姓名"]),
                CSVRecord(line: 2, fields: ["110101200001011234", "张三明"])
            ])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let reader = try CSVReader(data: Data(Fixtures.bom + Array("姓名,职务\r\n李四,儿童主任\r\n".utf8)))
        #expect(reader.encoding == .utf8BOM)
        #expect(try Fixtures.records(reader).map(\.fields) == [["姓名", "职务"], ["李四", "儿童主任"]])
    }

    @Test func byteOrderMarkBeforeASCII() throws {
        let reader = try CSVReader(data: Data(Fixtures.bom + Array("id,name\n1,a\n".utf8)), chunkSize: 4)
        #expect(reader.encoding == .utf8BOM)
        #expect(try Fixtures.records(reader).map(\.fields) == [["id", "name"], ["1", "a"]])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ newline: String) throws {
        let text = ["a,b", "1,2", "\"x\(newline)y\",3", "4,5"].joined(separator: newline) + newline
        let records = try Fixtures.records(CSVReader(data: Data(text.utf8)))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b"]),
                CSVRecord(line: 2, fields: ["1", "2"]),
                CSVRecord(line: 3, fields: ["x\(newline)y", "3"]),
                CSVRecord(line: 5, fields: ["4", "5"])
            ])
    }

    @Test func quotedFields() throws {
        let text = [
            #"name,note"#,
            #""Zhang, San","He said ""hi""""#,
            #""multi"#,
            #"line"#,
            #"note","""#,
            #" spaced , "a""#,
            #"last,"x,""y"","#,
            #"z""#,
            ""
        ].joined(separator: "\n")
        let records = try Fixtures.records(CSVReader(data: Data(text.utf8)))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["name", "note"]),
                CSVRecord(line: 2, fields: ["Zhang, San", "He said \"hi\""]),
                CSVRecord(line: 3, fields: ["multi\nline\nnote", ""]),
                CSVRecord(line: 6, fields: [" spaced ", " \"a\""]),
                CSVRecord(line: 7, fields: ["last", "x,\"y\",\nz"])
            ])
    }

    @Test func emptyFieldsAndMissingFinalNewline() throws {
        let records = try Fixtures.records(CSVReader(data: Data("a,,c\n,,\nx,y,".utf8)))
        #expect(records.map(\.fields) == [["a", "", "c"], ["x", "y", ""]])
        #expect(records.map(\.line) == [1, 3])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try Fixtures.records(CSVReader(data: Data("h\n\n1\r\n\r\n2\n\n\n".utf8)))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["h"]),
                CSVRecord(line: 3, fields: ["1"]),
                CSVRecord(line: 5, fields: ["2"])
            ])
    }

    @Test("a row of empty cells, as a spreadsheet saves a blank last row, is skipped but counted")
    func emptyCellRowsAreSkipped() throws {
        let records = try Fixtures.records(CSVReader(data: Data("a,b,c\n1,2,3\n,,\n , ,\n4,,6\n,,\r\n".utf8)))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b", "c"]),
                CSVRecord(line: 2, fields: ["1", "2", "3"]),
                CSVRecord(line: 5, fields: ["4", "", "6"])
            ])
    }

    @Test func emptyInput() throws {
        let url = try Fixtures.file([])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Fixtures.records(CSVReader(url: url)).isEmpty)
        #expect(try Fixtures.records(CSVReader(data: Data(Fixtures.bom))).isEmpty)
        #expect(try Fixtures.records(CSVReader(data: Data())).isEmpty)
    }

    @Test func headerOnly() throws {
        for text in ["身份证号,姓名", "身份证号,姓名\r\n"] {
            #expect(try Fixtures.records(CSVReader(data: Data(text.utf8))) == [CSVRecord(line: 1, fields: ["身份证号", "姓名"])])
        }
    }

    @Test func missingFileIsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/\(UUID().uuidString).csv")
        #expect {
            try CSVReader(url: url)
        } throws: { error in
            guard case .unreadable(let path, _) = error as? CSVError else { return false }
            return path == url.path
        }
    }
}
