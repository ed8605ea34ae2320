#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// RFC 4180 record parsing over UTF-8 bytes.
///
/// Parses one record from a buffer that may end mid-record; `.needMore` asks the caller to append input and
/// parse the same record again from its start. A `"` inside an unquoted field is kept as text (Excel does
/// the same).
struct RecordParser {
    enum Outcome {
        /// A record ends at `end`; `extraLines` newlines were inside quoted fields; `isValidText` is false
        /// when a field was not valid UTF-8.
        case record([String], end: Int, extraLines: Int, isValidText: Bool)
        case blankLine(end: Int)
        case needMore
        case unterminatedQuote
        /// A closing quote followed by other text; the rest of the physical line is skipped up to `end`.
        case strayQuote(end: Int, extraLines: Int)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private var unescaped: [UInt8] = []
    private var fieldCountHint = 8

    /// Parses the record starting at `start`, which must be before the end of `bytes`.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEOF: Bool) -> Outcome {
        let end = bytes.count
        if bytes[start] == Self.lf || bytes[start] == Self.cr {
            guard let next = lineEnd(bytes, at: start, atEOF: atEOF) else { return .needMore }
            return .blankLine(end: next)
        }
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        var isValidText = true
        var extraLines = 0
        var index = start
        while true {
            let text: String?
            if index < end, bytes[index] == Self.quote {
                guard let field = quotedField(bytes, from: index + 1, atEOF: atEOF, extraLines: &extraLines) else {
                    return atEOF ? .unterminatedQuote : .needMore
                }
                text = field.text
                index = field.end
                if index < end, bytes[index] != Self.comma, bytes[index] != Self.lf, bytes[index] != Self.cr {
                    return strayQuote(bytes, from: index, atEOF: atEOF, extraLines: extraLines)
                }
            } else {
                var fieldEnd = index
                while fieldEnd < end {
                    let byte = bytes[fieldEnd]
                    if byte <= Self.comma, byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
                    fieldEnd += 1
                }
                // Before decoding: an unfinished field is decoded again once more input has arrived.
                if fieldEnd == end, !atEOF { return .needMore }
                text = Self.string(UnsafeBufferPointer(rebasing: bytes[index..<fieldEnd]))
                index = fieldEnd
            }
            fields.append(text ?? "")
            isValidText = isValidText && text != nil
            if index == end {
                guard atEOF else { return .needMore }
                break
            }
            if bytes[index] == Self.comma {
                index += 1
                continue
            }
            guard let next = lineEnd(bytes, at: index, atEOF: atEOF) else { return .needMore }
            index = next
            break
        }
        fieldCountHint = fields.count
        return .record(fields, end: index, extraLines: extraLines, isValidText: isValidText)
    }

    /// The field after an opening quote and the index just past its closing quote; `nil` if the buffer
    /// ends first. Newlines inside are added to `extraLines`.
    private mutating func quotedField(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEOF: Bool, extraLines: inout Int
    ) -> (text: String?, end: Int)? {
        let end = bytes.count
        var segmentStart = start
        var index = start
        var isEscaped = false
        unescaped.removeAll(keepingCapacity: true)
        while index < end {
            let byte = bytes[index]
            if byte == Self.quote {
                if index + 1 == end, !atEOF { return nil }
                guard index + 1 < end, bytes[index + 1] == Self.quote else { break }
                unescaped.append(contentsOf: bytes[segmentStart...index])
                isEscaped = true
                index += 2
                segmentStart = index
                continue
            }
            if byte == Self.lf || (byte == Self.cr && index + 1 < end && bytes[index + 1] != Self.lf) {
                extraLines += 1
            }
            index += 1
        }
        guard index < end else { return nil }
        let text: String?
        if isEscaped {
            unescaped.append(contentsOf: bytes[segmentStart..<index])
            text = unescaped.withUnsafeBufferPointer(Self.string)
        } else {
            text = Self.string(UnsafeBufferPointer(rebasing: bytes[segmentStart..<index]))
        }
        return (text, index + 1)
    }

    /// `bytes` as a string, or `nil` if they are not valid UTF-8 or hold a NUL byte (which no database text may
    /// hold). Decoding repairs invalid bytes, so the result equals its input exactly when the input was valid
    /// (faster than generic `String(validating:)`).
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if !bytes.isEmpty, memchr(bytes.baseAddress!, 0, bytes.count) != nil { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        let isUnchanged = text.withUTF8 { decoded in
            decoded.count == bytes.count && (bytes.isEmpty || memcmp(decoded.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        return isUnchanged ? text : nil
    }

    /// The index after the LF, CRLF or lone CR at `index`; `nil` if a CR ends the buffer and more may follow.
    private func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, atEOF: Bool) -> Int? {
        guard bytes[index] == Self.cr else { return index + 1 }
        if index + 1 == bytes.count { return atEOF ? index + 1 : nil }
        return bytes[index + 1] == Self.lf ? index + 2 : index + 1
    }

    private func strayQuote(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEOF: Bool, extraLines: Int
    ) -> Outcome {
        guard let newline = bytes[start...].firstIndex(of: Self.lf) else {
            return atEOF ? .strayQuote(end: bytes.count, extraLines: extraLines) : .needMore
        }
        return .strayQuote(end: newline + 1, extraLines: extraLines)
    }
}
