import Foundation

/// Reads the first sheet of an xlsx workbook as records, the way ``CSVReader`` reads a CSV: one record per row, its
/// line the row number, cells as text the way the spreadsheet shows them (shared and inline strings as written, whole
/// numbers without `.0`, dates as `yyyy-MM-dd`, a number of 15 digits or more as Excel's `3.20412E+17`, because such a
/// number has lost digits). The sheet is inflated and scanned a row at a time; only the shared strings are held.
final class XLSXReader {
    private let sheet: EntryStream
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private var buffer: [UInt8] = []
    private var position = 0
    private var isExhausted = false
    private var nextLine = 1

    init(_ zip: ZIPReader) throws {
        sheet = try zip.open(try Self.firstSheet(zip))
        sharedStrings = zip.entries["xl/sharedStrings.xml"] == nil ? [] : Self.sharedStrings(try zip.read("xl/sharedStrings.xml"))
        dateStyles = zip.entries["xl/styles.xml"] == nil ? [] : Self.dateStyles(try zip.read("xl/styles.xml"))
    }

    /// The next row that has a non-blank cell, or `nil` after the last.
    func nextRecord() throws -> CSVRecord? {
        while let row = try nextRow() {
            let record = parse(row)
            if record.fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            return record
        }
        return nil
    }

    /// The bytes of the next `<row …>…</row>` (or `<row …/>`), inflating more of the sheet as needed.
    private func nextRow() throws -> ArraySlice<UInt8>? {
        while true {
            let start = find(Self.rowOpen, from: position)
            if let start, start + Self.rowOpen.count < buffer.count {
                // `<rowBreaks …>` after the sheet data is not a row.
                guard Self.endsName(buffer[start + Self.rowOpen.count]) else {
                    position = start + Self.rowOpen.count
                    continue
                }
                if let tagEnd = buffer[start...].firstIndex(of: UInt8(ascii: ">")) {
                    if buffer[tagEnd - 1] == UInt8(ascii: "/") {
                        position = tagEnd + 1
                        return buffer[start...tagEnd]
                    }
                    if let close = find(Self.rowClose, from: tagEnd) {
                        position = close + Self.rowClose.count
                        return buffer[start..<position]
                    }
                }
                guard !isExhausted else { throw ZIPError.unsupported("truncated sheet") }
            } else if isExhausted {
                return nil
            }
            buffer.removeSubrange(..<position)
            position = 0
            if let chunk = try sheet.next() { buffer += chunk } else { isExhausted = true }
        }
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count >= needle.count, from <= buffer.count - needle.count else { return nil }
        var index = from
        while index <= buffer.count - needle.count {
            guard let first = buffer[index...(buffer.count - needle.count)].firstIndex(of: needle[0]) else { return nil }
            if buffer[first..<(first + needle.count)].elementsEqual(needle) { return first }
            index = first + 1
        }
        return nil
    }

    private func parse(_ row: ArraySlice<UInt8>) -> CSVRecord {
        var scanner = XMLScanner(row)
        var line = nextLine
        var fields: [String] = []
        var cell: (column: Int, type: String, style: Int)?
        var value = ""
        var inValue = false
        var inPhonetic = false
        while let event = scanner.next() {
            switch event {
            case .start("row", let attributes, _):
                line = attributes["r"].flatMap { Int($0) } ?? line
            case .start("c", let attributes, let isEmpty):
                let column = attributes["r"].flatMap(Self.column) ?? fields.count
                cell = (column, attributes["t"] ?? "n", attributes["s"].flatMap { Int($0) } ?? 0)
                value = ""
                if isEmpty { cell = nil }
                while fields.count < column { fields.append("") }
                if isEmpty { fields.append("") }
            case .start("v", _, _), .start("t", _, _):
                inValue = !inPhonetic
            case .start("rPh", _, false):
                inPhonetic = true
            case .end("rPh"):
                inPhonetic = false
            case .end("v"), .end("t"):
                inValue = false
            case .text(let text) where inValue:
                value += text
            case .end("c"):
                if let current = cell {
                    while fields.count < current.column { fields.append("") }
                    fields.append(shown(value, type: current.type, style: current.style))
                }
                cell = nil
            default:
                break
            }
        }
        nextLine = line + 1
        return CSVRecord(line: line, fields: fields)
    }

    /// The cell's text as the spreadsheet shows it.
    private func shown(_ value: String, type: String, style: Int) -> String {
        switch type {
        case "s": return Int(value).flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil } ?? ""
        case "inlineStr", "str": return Self.unescaped(value)
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "n":
            guard let number = Double(value) else { return value }
            if dateStyles.contains(style), let date = Self.date(serial: number) { return date }
            return Self.general(number)
        default: return value
        }
    }

    /// A number as a General cell shows it: whole numbers in full below 10^15, Excel's `3.20412E+17` from there.
    static func general(_ number: Double) -> String {
        if abs(number) >= 1e15 {
            return String(format: "%.5E", number).replacingOccurrences(of: #"\.?0+E"#, with: "E", options: .regularExpression)
        }
        if number == number.rounded() { return String(Int64(number)) }
        return "\(number)"
    }

    private static func date(serial: Double) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let origin = DateComponents(calendar: calendar, year: 1899, month: 12, day: 30).date ?? Date(timeIntervalSince1970: -2_209_161_600)
        guard let day = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: origin) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// `B3` → 1 (columns from 0).
    private static func column(_ reference: String) -> Int? {
        let letters = reference.unicodeScalars.prefix { $0.properties.isAlphabetic }
        guard !letters.isEmpty else { return nil }
        return letters.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    /// OOXML's `_x000D_` escapes (written for control characters) decoded.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        return text.replacing(/_x([0-9A-Fa-f]{4})_/) { match in
            UInt32(match.1, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(match.0)
        }
    }

    private static func firstSheet(_ zip: ZIPReader) throws -> String {
        var sheetID: String?
        if zip.entries["xl/workbook.xml"] != nil {
            var scanner = XMLScanner(try zip.read("xl/workbook.xml")[...])
            while let event = scanner.next() {
                if case .start("sheet", let attributes, _) = event {
                    sheetID = attributes["id"]
                    break
                }
            }
        }
        if let sheetID, zip.entries["xl/_rels/workbook.xml.rels"] != nil {
            var scanner = XMLScanner(try zip.read("xl/_rels/workbook.xml.rels")[...])
            while let event = scanner.next() {
                if case .start("Relationship", let attributes, _) = event, attributes["Id"] == sheetID, let target = attributes["Target"] {
                    let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                    if zip.entries[path] != nil { return path }
                }
            }
        }
        guard let fallback = zip.entries.keys.filter({ $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }).sorted().first else {
            throw ZIPError.missing("xl/worksheets/sheet1.xml")
        }
        return fallback
    }

    private static func sharedStrings(_ bytes: [UInt8]) -> [String] {
        var scanner = XMLScanner(bytes[...])
        var strings: [String] = []
        var current = ""
        var inText = false
        var inPhonetic = false
        while let event = scanner.next() {
            switch event {
            case .start("si", _, let isEmpty):
                current = ""
                if isEmpty { strings.append("") }
            case .end("si"): strings.append(unescaped(current))
            case .start("rPh", _, false): inPhonetic = true
            case .end("rPh"): inPhonetic = false
            case .start("t", _, false): inText = !inPhonetic
            case .end("t"): inText = false
            case .text(let text) where inText: current += text
            default: break
            }
        }
        return strings
    }

    /// The indices of the cell formats (`cellXfs`) that show a date.
    private static func dateStyles(_ bytes: [UInt8]) -> Set<Int> {
        var scanner = XMLScanner(bytes[...])
        var customDates: Set<Int> = []
        var styles: Set<Int> = []
        var index = 0
        var inCellFormats = false
        while let event = scanner.next() {
            switch event {
            case .start("numFmt", let attributes, _):
                let code = (attributes["formatCode"] ?? "").replacing(/"[^"]*"|\[[^\]]*\]/, with: "").lowercased()
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), code.contains("y") || code.contains("d") { customDates.insert(id) }
            case .start("cellXfs", _, false): inCellFormats = true
            case .end("cellXfs"): inCellFormats = false
            case .start("xf", let attributes, _) where inCellFormats:
                let format = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                if (14...17).contains(format) || format == 22 || customDates.contains(format) { styles.insert(index) }
                index += 1
            default: break
            }
        }
        return styles
    }

    private static let rowOpen = Array("<row".utf8)
    private static let rowClose = Array("</row>".utf8)
}
