import CSVFiles
import Foundation
import Vocabulary

/// 节假日安排通知 — one year's notice as a file: the State Council's for the nation, or a locality's own days for a
/// district override. One CSV record per day, under the header `date,kind,name,source`:
///
///     date,kind,name,source
///     2025-01-26,上班,春节,国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日发布）
///     2025-01-28,放假,春节,国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日发布）
///
/// `kind` is 放假 (a holiday) or 上班 (a make-up working day, only on a Saturday or Sunday); every record is of the same
/// year and names the same source document; a date appears once. A file is taken whole or refused at its first bad
/// record, naming the row (the line, the header being line 1) and the field.
public struct HolidayNotice: Hashable, Sendable {
    public let year: Int
    /// The document the days come from: title, document number and publication date.
    public let source: String
    public let days: [CalendarDay]

    public init(year: Int, source: String, days: [CalendarDay]) {
        self.year = year
        self.source = source
        self.days = days
    }

    public static let header = ["date", "kind", "name", "source"]

    /// Reads a notice from CSV bytes (UTF-8 or GB18030, as `CSVReader` reads them). Throws `CSVError` for a file that
    /// does not read as CSV, `Problem` for a record that is not a day of the notice.
    public init(csv: Data) throws {
        var reader = try CSVReader(data: csv)
        try self.init(records: &reader)
    }

    /// Reads a notice from a CSV file.
    public init(file: URL) throws {
        var reader = try CSVReader(url: file)
        try self.init(records: &reader)
    }

    private init(records reader: inout CSVReader) throws {
        guard let header = try reader.nextRecord() else { throw Problem.invalid("file", "文件是空的", "the file is empty") }
        guard header.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == Self.header else {
            throw Problem.invalid(
                "header", "表头应为 \(Self.header.joined(separator: ","))", "the header must be \(Self.header.joined(separator: ","))",
                row: header.line)
        }
        var first: (year: Int, source: String)?
        var days: [CalendarDay] = []
        var seen: Set<CalendarDate> = []
        while let record = try reader.nextRecord() {
            let day = try Self.day(record, sameAs: first)
            guard seen.insert(day.date).inserted else {
                throw Problem.invalid("date", "\(day.date) 出现了两次", "\(day.date) appears twice", row: record.line)
            }
            first = first ?? (day.date.year, record.fields[3].trimmingCharacters(in: .whitespaces))
            days.append(day)
        }
        guard let first else { throw Problem.invalid("file", "文件中没有任何日期", "the file lists no day") }
        self.init(year: first.year, source: first.source, days: days)
    }

    /// One record as a day, checked against the year and source of the file's first record.
    private static func day(_ record: CSVRecord, sameAs first: (year: Int, source: String)?) throws -> CalendarDay {
        let row = record.line
        guard record.fields.count == header.count else {
            throw Problem.invalid(
                "file", "第 \(row) 行应有 \(header.count) 列, 实有 \(record.fields.count) 列",
                "row \(row) has \(record.fields.count) fields, not \(header.count)", row: row)
        }
        let cells = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let date = CalendarDate(cells[0]) else {
            throw Problem.invalid("date", "日期应为 yyyy-MM-dd 且真实存在: \(cells[0])", "date must be a real yyyy-MM-dd: \(cells[0])", row: row)
        }
        guard let kind = CalendarDay.Kind(label: cells[1]) else {
            throw Problem.invalid("kind", "类别应为 放假 或 上班: \(cells[1])", "kind must be 放假 (holiday) or 上班 (working day)", row: row)
        }
        if kind == .workday, !date.isWeekend {
            throw Problem.invalid(
                "kind", "\(date) 不是周六或周日, 不必调休上班", "\(date) is not a Saturday or Sunday, so it needs no make-up working day", row: row)
        }
        guard !cells[2].isEmpty else { throw Problem.invalid("name", "请写明节日名称", "the holiday's name is required", row: row) }
        guard !cells[3].isEmpty else {
            throw Problem.invalid("source", "请写明依据文件 (标题、文号、发布日期)", "the source document is required", row: row)
        }
        if let first {
            guard date.year == first.year else {
                throw Problem.invalid(
                    "date", "一个文件只载一年: \(date) 不在 \(first.year) 年", "one file holds one year: \(date) is not in \(first.year)", row: row)
            }
            guard cells[3] == first.source else {
                throw Problem.invalid("source", "一个文件只有一个依据文件, 与第一行不同", "every row must name the first row's source", row: row)
            }
        }
        return CalendarDay(date: date, kind: kind, name: cells[2])
    }
}
