import Foundation
import Testing

@testable import CSVFiles

/// xlsx export and import (issue 15): what ``XLSXWriter`` writes, ``CSVReader`` reads back as the same text, and a
/// sheet as a spreadsheet saves it (shared strings, numbers, dates, gaps) reads as the cells show.
@Suite struct XLSXTests {
    static let columns = [SheetColumn("身份证号", width: 20), SheetColumn("姓名"), SheetColumn("备注")]
    static let rows = [
        ["320412201307211498", "=HYPERLINK(\"http://x\",\"张三\")", "+1"],
        ["320412201307211498", "@SUM(A1)", "-5"],
        ["320412000000", "a&b<c>\"d\"", "_x0041_ 原样"],
        ["", "行\r\n换行\t制表", ""],
        ["0012", " 前后空格 ", "\u{1}控制"]
    ]

    static func workbook(_ rows: [[String]], bufferSize: Int = 1 << 16, chunks: inout Int) throws -> Data {
        var output = Data()
        var count = 0
        var writer = try XLSXWriter(columns: columns, bufferSize: bufferSize) {
            output += $0
            count += 1
        }
        for row in rows { try writer.write(row) }
        try writer.finish()
        chunks = count
        return output
    }

    @Test("an exported workbook reads back as the same text: ID numbers, formula-looking names, escapes, empty cells")
    func roundTrip() throws {
        var chunks = 0
        let data = try Self.workbook(Self.rows, chunks: &chunks)
        #expect(data.prefix(4).elementsEqual([0x50, 0x4B, 0x03, 0x04]))
        let records = try Fixtures.records(CSVReader(data: data))
        #expect(records.map(\.line) == [1, 2, 3, 4, 5, 6])
        #expect(records[0].fields == Self.columns.map(\.title))
        for (record, row) in zip(records.dropFirst(), Self.rows) {
            var expected = row
            while expected.last == "" { expected.removeLast() }
            #expect(record.fields == expected)
        }
        let url = try Fixtures.file(Array(data))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Fixtures.records(CSVReader(url: url)) == records)
    }

    @Test("the sheet streams: a large export reaches the sink in many pieces, and reads back whole from a file")
    func streams() throws {
        let rows = (0..<20_000).map { ["32041220130721\(String(format: "%04d", $0))", "儿童\($0)", "备注 \($0)"] }
        var chunks = 0
        let data = try Self.workbook(rows, bufferSize: 4_096, chunks: &chunks)
        #expect(chunks > 10)
        let url = try Fixtures.file(Array(data))
        defer { try? FileManager.default.removeItem(at: url) }
        let records = try Fixtures.records(CSVReader(url: url, chunkSize: 1_024))
        #expect(records.count == rows.count + 1)
        #expect(records.last?.fields == rows.last)
        #expect(records.last?.line == rows.count + 1)
    }

    @Test("a sheet as a spreadsheet saves it: shared strings, rich text, numbers shown as text, dates, gaps, blank rows, page breaks")
    func spreadsheetSheet() throws {
        var data = Data()
        var zip = ZIPWriter { data += $0 }
        try zip.begin("xl/workbook.xml")
        try zip.write(Array(#"<workbook xmlns:r="r"><sheets><sheet name="名单" sheetId="1" r:id="rId7"/></sheets></workbook>"#.utf8))
        try zip.begin("xl/_rels/workbook.xml.rels")
        try zip.write(Array(#"<Relationships><Relationship Id="rId7" Target="worksheets/名单.xml"/></Relationships>"#.utf8))
        try zip.begin("xl/sharedStrings.xml")
        try zip.write(
            Array(
                #"<sst><si><t>身份证号</t></si><si><t>姓名</t></si><si><r><t>张</t></r><r><t xml:space="preserve">三&amp;</t></r><rPh><t>zhang</t></rPh></si><si><t>=A1</t></si></sst>"#
                    .utf8))
        try zip.begin("xl/styles.xml")
        try zip.write(
            Array(
                #"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>"#
                    .utf8))
        try zip.begin("xl/worksheets/名单.xml")
        try zip.write(
            Array(
                """
                <worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
                <row r="2"><c r="A2"><v>3.2041220130721101E+17</v></c><c r="B2" t="s"><v>2</v></c><c r="D2" s="1"><v>41476</v></c></row>
                <row r="3"><c r="A3" s="0"/><c r="B3"/></row>
                <row r="5"><c r="A5"><v>320412000000</v></c><c r="C5" t="s"><v>3</v></c><c r="D5" s="2"><v>41476</v></c><c r="E5"><v>0.5</v></c><c r="F5" t="b"><v>1</v></c></row>
                </sheetData><rowBreaks count="1" manualBreakCount="1"><brk id="3" max="16383" man="1"/></rowBreaks></worksheet>
                """.utf8))
        try zip.finish()
        let records = try Fixtures.records(CSVReader(data: data))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["身份证号", "姓名"]),
                CSVRecord(line: 2, fields: ["3.20412E+17", "张三&", "", "2013-07-21"]),
                CSVRecord(line: 5, fields: ["320412000000", "", "=A1", "2013-07-21", "0.5", "TRUE"])
            ])
    }

    @Test("numbers show as a General cell does; a number of 15 digits or more as Excel's 3.20412E+17")
    func generalNumbers() {
        #expect(XLSXReader.general(320_412_201_307_211_498) == "3.20412E+17")
        #expect(XLSXReader.general(3e17) == "3E+17")
        #expect(XLSXReader.general(320_412_000_000) == "320412000000")
        #expect(XLSXReader.general(-7) == "-7")
        #expect(XLSXReader.general(2.25) == "2.25")
    }

    @Test("a zip that is not a workbook is refused with a reason, not read as CSV")
    func notAWorkbook() throws {
        var data = Data()
        var zip = ZIPWriter { data += $0 }
        try zip.begin("readme.txt")
        try zip.write(Array("hello".utf8))
        try zip.finish()
        #expect {
            try CSVReader(data: data)
        } throws: { error in
            guard case .unreadableWorkbook = error as? CSVError else { return false }
            return true
        }
    }

    @Test("a CSV through a pipe, which cannot seek back, is read as CSV")
    func pipe() throws {
        let pipe = Pipe()
        try pipe.fileHandleForWriting.write(contentsOf: Data("身份证号,姓名\n320412201505050015,张三明\n".utf8))
        try pipe.fileHandleForWriting.close()
        let records = try Fixtures.records(CSVReader(handle: pipe.fileHandleForReading, name: "stdin"))
        #expect(records.map(\.fields) == [["身份证号", "姓名"], ["320412201505050015", "张三明"]])
    }
}
