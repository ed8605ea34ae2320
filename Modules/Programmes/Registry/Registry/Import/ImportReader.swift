import CSVFiles
import Contract
import Foundation

/// Reads checked rows from an import file a batch at a time, with the rows it refused (line, field and reason).
struct ImportReader {
    let today: CalendarDate
    let batchSize: Int
    private var reader: CSVReader
    private var positions = ImportRow.defaultPositions
    private var isFinished = false

    /// The rows of one batch: those that passed the checks needing no database, and those refused.
    struct Batch {
        var rows: [ImportRow] = []
        var rejected: [Problem] = []
        /// The lines of the rows read (header excluded); `nil` when none was.
        var lines: ClosedRange<Int>?
    }

    /// Opens `file`; one that cannot be opened (missing, unreadable) fails the import before any row, naming the file.
    init(file: ImportFile, today: CalendarDate, batchSize: Int) throws(CSVError) {
        self.today = today
        self.batchSize = batchSize
        self.reader = try file.reader()
    }

    /// The next batch, or `nil` at the end of the file.
    mutating func next() -> Batch? {
        guard !isFinished else { return nil }
        var batch = Batch()
        var first: Int?
        var last = 0
        while batch.rows.count < batchSize {
            let record: CSVRecord?
            do { record = try reader.nextRecord() } catch {
                batch.rejected.append(.invalid("file", error.description, error.description, row: error.line))
                if case .unterminatedQuote = error { break }
                continue
            }
            guard let record else {
                isFinished = true
                break
            }
            if record.line == 1, let header = ImportRow.header.positions(of: record.fields) {
                positions = header
                continue
            }
            first = first ?? record.line
            last = record.line
            do { batch.rows.append(try ImportRow.parse(record.fields, line: record.line, positions: positions, today: today)) } catch {
                batch.rejected.append(error)
            }
        }
        batch.lines = first.map { $0...last }
        return batch.lines == nil && batch.rejected.isEmpty ? nil : batch
    }
}
