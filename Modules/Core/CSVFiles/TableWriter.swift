import Foundation

/// 导出格式 — the form of an export: `csv` for scripts (the default), `xlsx` to open in Excel or WPS.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv
    case xlsx

    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    public var fileExtension: String { rawValue }
}

/// Writes an export's header and rows as CSV (``CSVWriter``) or xlsx (``XLSXWriter``), streaming through a sink.
public struct TableWriter {
    /// One of the two is set.
    private var csv: CSVWriter?
    private var xlsx: XLSXWriter?

    /// Writes the header row of `columns` at once.
    public init(_ format: ExportFormat, columns: [SheetColumn], sheetName: String = "Sheet1", sink: @escaping (Data) throws -> Void) throws
    {
        switch format {
        case .csv:
            csv = CSVWriter(sink: sink)
            try csv?.write(columns.map(\.title))
        case .xlsx:
            xlsx = try XLSXWriter(columns: columns, sheetName: sheetName, sink: sink)
        }
    }

    /// Writes to `fileHandle`; closing it stays with the caller.
    public init(_ format: ExportFormat, columns: [SheetColumn], sheetName: String = "Sheet1", fileHandle: FileHandle) throws {
        try self.init(format, columns: columns, sheetName: sheetName) { try fileHandle.write(contentsOf: $0) }
    }

    public mutating func write(_ fields: [String]) throws {
        try csv?.write(fields)
        try xlsx?.write(fields)
    }

    /// Hands what is buffered on (between network writes).
    public mutating func flush() throws {
        try csv?.finish()
        try xlsx?.flush()
    }

    /// Ends the file.
    public mutating func finish() throws {
        try csv?.finish()
        try xlsx?.finish()
    }
}
