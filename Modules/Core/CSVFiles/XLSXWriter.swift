import Foundation

/// Writes a one-sheet xlsx workbook that Excel and LibreOffice open as it is, streaming the sheet through a deflating
/// zip into a sink in bounded memory.
///
/// Every cell is an inline string in a cell formatted as text (`@`): an ID number or a district code stays text, and a
/// value starting with `=`, `+`, `-` or `@` is never a formula, so it reads back as the same text (no leading `'` as
/// in CSV). The header row is bold and frozen; column widths are the columns'. Call ``finish()`` at the end.
public struct XLSXWriter {
    private var zip: ZIPWriter
    private let bufferSize: Int
    private var buffer: [UInt8] = []
    private var row = 1
    /// `A`, `B`, … as bytes, for the columns written so far.
    private var columnNames: [[UInt8]] = []

    /// Writes the workbook's fixed parts and the header row of `columns` through `sink`.
    public init(columns: [SheetColumn], sheetName: String = "Sheet1", bufferSize: Int = 1 << 16, sink: @escaping (Data) throws -> Void)
        throws
    {
        zip = ZIPWriter(sink: sink)
        self.bufferSize = bufferSize
        for (name, text) in Self.parts(sheetName: sheetName) {
            try zip.begin(name)
            try zip.write(Array(text.utf8))
        }
        try zip.begin("xl/worksheets/sheet1.xml")
        var head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        head += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        head += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        head += #"<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>"#
        for (index, column) in columns.enumerated() {
            head += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(column.width)" style="1" customWidth="1"/>"#
        }
        head += "</cols><sheetData>"
        buffer.append(contentsOf: Array(head.utf8))
        append(columns.map(\.title), style: 2)
    }

    /// Writes one row of text cells; empty fields are left as empty cells.
    public mutating func write(_ fields: [String]) throws {
        append(fields, style: 1)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Hands what is buffered to the deflater (and so, in part, to the sink).
    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try zip.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes the sheet and the archive.
    public mutating func finish() throws {
        buffer.append(contentsOf: Array("</sheetData></worksheet>".utf8))
        try flush()
        try zip.finish()
    }

    private mutating func append(_ fields: [String], style: Int) {
        let number = Array(String(row).utf8)
        buffer.append(contentsOf: Self.rowOpen)
        buffer.append(contentsOf: number)
        buffer.append(contentsOf: Self.tagEnd)
        while columnNames.count < fields.count { columnNames.append(Array(Self.columnName(columnNames.count).utf8)) }
        for (index, field) in fields.enumerated() where !field.isEmpty {
            buffer.append(contentsOf: Self.cellOpen)
            buffer.append(contentsOf: columnNames[index])
            buffer.append(contentsOf: number)
            buffer.append(contentsOf: style == 2 ? Self.headerCell : Self.textCell)
            Self.escape(field, into: &buffer)
            buffer.append(contentsOf: Self.cellClose)
        }
        buffer.append(contentsOf: Self.rowClose)
        row += 1
    }

    private static let rowOpen = Array(#"<row r=""#.utf8)
    private static let tagEnd = Array(#"">"#.utf8)
    private static let cellOpen = Array(#"<c r=""#.utf8)
    private static let textCell = Array(#"" t="inlineStr" s="1"><is><t xml:space="preserve">"#.utf8)
    private static let headerCell = Array(#"" t="inlineStr" s="2"><is><t xml:space="preserve">"#.utf8)
    private static let cellClose = Array("</t></is></c>".utf8)
    private static let rowClose = Array("</row>".utf8)

    /// `0` → `A`, `26` → `AA`.
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// XML text; control characters XML cannot hold (and CR, which it would turn into LF) as OOXML's `_x000D_`, and
    /// a literal `_x0041_`-like run protected by `_x005F_`.
    static func escape(_ text: String, into output: inout [UInt8]) {
        var text = text
        if text.utf8.contains(UInt8(ascii: "_")), text.contains("_x") { text = text.replacing(/_(x[0-9A-Fa-f]{4}_)/) { "_x005F_" + $0.1 } }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: Array("&amp;".utf8))
            case UInt8(ascii: "<"): output.append(contentsOf: Array("&lt;".utf8))
            case UInt8(ascii: ">"): output.append(contentsOf: Array("&gt;".utf8))
            case 0x09, 0x0A: output.append(byte)
            case 0x00..<0x20: output.append(contentsOf: Array(String(format: "_x%04X_", byte).utf8))
            default: output.append(byte)
            }
        }
    }

    private static func parts(sheetName: String) -> [(String, String)] {
        var name: [UInt8] = []
        escape(sheetName, into: &name)
        let xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return [
            (
                "[Content_Types].xml",
                xml + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
                    + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                    + #"<Default Extension="xml" ContentType="application/xml"/>"#
                    + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
                    + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
                    + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
                    + "</Types>"
            ),
            (
                "_rels/.rels",
                xml + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                    + #"<Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                xml + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets>"#
                    + #"<sheet name="\#(String(decoding: name, as: UTF8.self))" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                xml + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                    + #"<Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/>"#
                    + #"<Relationship Id="rId2" Type="\#(relationships)/styles" Target="styles.xml"/></Relationships>"#
            ),
            (
                "xl/styles.xml",
                xml + #"<styleSheet xmlns="\#(main)">"#
                    + #"<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>"#
                    + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
                    + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
                    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
                    + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
                    + #"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
                    + #"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>"#
                    + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            )
        ]
    }
}
