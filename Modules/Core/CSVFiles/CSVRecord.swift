/// One CSV record and the physical line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line where the record starts; the header is line 1. Newlines inside quoted fields
    /// and skipped blank lines count, so this is the line a spreadsheet user sees.
    public let line: Int
    /// The fields exactly as written: unquoted, `""` turned into `"`, no trimming.
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
