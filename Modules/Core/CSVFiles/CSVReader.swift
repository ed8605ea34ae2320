import Foundation

/// Streams CSV records from a file or an uploaded body in bounded memory, as Excel writes them: UTF-8 with
/// or without BOM, or GB18030; or, when the input starts with a zip's `PK\u{03}\u{04}`, the rows of an xlsx
/// workbook's first sheet (``XLSXReader``: cells as the spreadsheet shows them, the row number as the line).
///
/// Records come back in order with their line numbers, header included (line 1). Blank lines, and rows of
/// empty cells as a spreadsheet saves a blank row, are skipped but counted. To report every bad record, loop over ``nextRecord()``, which throws for a bad record and
/// goes on with the next one on the following call; `for record in reader` stops at the first error and
/// leaves it in ``error``. Not for sharing between tasks: copies of a reader share its input.
public struct CSVReader: Sequence, IteratorProtocol {
    private let input: DecodedInput
    private var parser = RecordParser()
    /// Decoded bytes; `position` is where the next record starts.
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var isExhausted = false
    private var isFinished = false
    /// Set when the input is an xlsx workbook.
    private var sheet: XLSXReader?

    /// The first error ``next()`` met; it returns `nil` from then on.
    public private(set) var error: CSVError?

    /// The detected encoding (see ``TextEncodingGuess``). A file whose first chunk is all ASCII reports
    /// `.utf8` until non-ASCII text shows up and settles it.
    public var encoding: TextEncodingGuess { input.encoding }

    /// Opens `url`, reading `chunkSize` bytes at a time (at least 4).
    public init(url: URL, chunkSize: Int = 1 << 20) throws(CSVError) {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
        try self.init(.file(handle, path: url.path, chunkSize: ByteChunks.clamped(chunkSize)))
    }

    /// Reads an open file from its current offset, `chunkSize` bytes at a time (at least 4); read errors call it
    /// `name`. The caller keeps the handle and closes it.
    public init(handle: FileHandle, name: String, chunkSize: Int = 1 << 20) throws(CSVError) {
        try self.init(.file(handle, path: name, chunkSize: ByteChunks.clamped(chunkSize)))
    }

    /// Reads an in-memory body, `chunkSize` bytes at a time (at least 4).
    public init(data: Data, chunkSize: Int = 1 << 20) throws(CSVError) {
        try self.init(.memory(data, offset: 0, chunkSize: ByteChunks.clamped(chunkSize)))
    }

    private init(_ chunks: ByteChunks) throws(CSVError) {
        input = DecodedInput(chunks)
        if let zip = try Self.workbook(chunks) {
            do { sheet = try XLSXReader(zip) } catch { throw .unreadableWorkbook(reason: "\(error)") }
            return
        }
        repeat {
            isExhausted = try !input.read(into: &buffer)
        } while !isExhausted && input.isDeciding
    }

    /// The next record, or `nil` at the end of the input.
    ///
    /// Throws ``CSVError/invalidText(line:encoding:)`` or ``CSVError/strayQuote(line:)`` for a bad record and
    /// carries on after it next time; after ``CSVError/unterminatedQuote(line:)`` or a read failure the
    /// following calls return `nil`.
    public mutating func nextRecord() throws(CSVError) -> CSVRecord? {
        if let sheet {
            guard !isFinished else { return nil }
            do { return try sheet.nextRecord() } catch {
                isFinished = true
                throw .unreadableWorkbook(reason: "\(error)")
            }
        }
        while !isFinished {
            if position == buffer.count {
                if isExhausted { break }
                try refill()
                continue
            }
            let outcome = buffer.withUnsafeBufferPointer { parser.parse($0, from: position, atEOF: isExhausted) }
            let start = line
            switch outcome {
            case .needMore:
                try refill()
            case .blankLine(let end):
                position = end
                line += 1
            case .record(let fields, let end, let extraLines, let isValidText):
                position = end
                line += 1 + extraLines
                guard isValidText else { throw .invalidText(line: start, encoding: encoding) }
                // A row of empty cells (`,,,,`) is how a spreadsheet writes a blank row: skipped like a blank line.
                if fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
                return CSVRecord(line: start, fields: fields)
            case .strayQuote(let end, let extraLines):
                position = end
                line += 1 + extraLines
                throw .strayQuote(line: start)
            case .unterminatedQuote:
                isFinished = true
                throw .unterminatedQuote(line: start)
            }
        }
        isFinished = true
        return nil
    }

    /// The next record; `nil` at the end of the input or at the first error, which is kept in ``error``.
    public mutating func next() -> CSVRecord? {
        guard error == nil else { return nil }
        do {
            return try nextRecord()
        } catch {
            self.error = error
            return nil
        }
    }

    /// The input as a zip archive when it starts with a zip's signature; a file is left at its offset otherwise.
    private static func workbook(_ chunks: ByteChunks) throws(CSVError) -> ZIPReader? {
        let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        do {
            switch chunks {
            case .file(let handle, _, _):
                // A pipe cannot seek back, nor hold a zip (read from its end): it is CSV.
                guard let start = try? handle.offset() else { return nil }
                let head = try handle.read(upToCount: 4) ?? Data()
                try handle.seek(toOffset: start)
                return head.elementsEqual(signature) ? try ZIPReader(.file(handle, start: start)) : nil
            case .memory(let data, _, _):
                return data.prefix(4).elementsEqual(signature) ? try ZIPReader(.memory(data)) : nil
            }
        } catch {
            throw .unreadableWorkbook(reason: "\(error)")
        }
    }

    /// Drops the parsed bytes and appends decoded input until the unparsed bytes at least double or the input
    /// ends. The parser starts an unfinished record again from its beginning, so doubling keeps a record that
    /// spans many chunks linear to read.
    private mutating func refill() throws(CSVError) {
        buffer.removeSubrange(..<position)
        position = 0
        let wanted = Swift.max(2 * buffer.count, 1)
        do {
            repeat {
                isExhausted = try !input.read(into: &buffer)
            } while !isExhausted && buffer.count < wanted
        } catch {
            isFinished = true
            throw error
        }
    }
}
