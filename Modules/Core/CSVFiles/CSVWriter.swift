import Foundation

/// Writes CSV that Excel opens correctly, streaming through a sink in bounded memory.
///
/// Output is UTF-8 with a byte-order mark and CRLF line ends; fields are quoted when they hold a comma,
/// quote or line break. A field starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so Excel does
/// not run it as a formula (so `-5` is written `'-5`). Call ``finish()`` at the end: rows are buffered.
public struct CSVWriter {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private let sink: (Data) throws -> Void
    private let bufferSize: Int
    private var buffer: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Writes through `sink`, handing it about `bufferSize` bytes at a time.
    public init(bufferSize: Int = 1 << 16, sink: @escaping (Data) throws -> Void) {
        self.sink = sink
        self.bufferSize = bufferSize
    }

    /// Writes to `fileHandle`; closing it stays with the caller.
    public init(fileHandle: FileHandle, bufferSize: Int = 1 << 16) {
        self.init(bufferSize: bufferSize) { try fileHandle.write(contentsOf: $0) }
    }

    /// Writes one record. A record of a single empty field is written `""` so that it is not a blank line.
    public mutating func write(_ fields: [String]) throws {
        if fields.count == 1, fields[0].isEmpty {
            buffer.append(contentsOf: [Self.quote, Self.quote])
        } else {
            for (index, field) in fields.enumerated() {
                if index > 0 { buffer.append(Self.comma) }
                append(field)
            }
        }
        buffer.append(contentsOf: [Self.cr, Self.lf])
        if buffer.count >= bufferSize { try flush() }
    }

    /// Hands everything buffered to the sink.
    public mutating func finish() throws {
        try flush()
    }

    private mutating func append(_ field: String) {
        var field = field
        field.withUTF8 { bytes in
            let isQuoted = bytes.contains { $0 == Self.comma || $0 == Self.quote || $0 == Self.cr || $0 == Self.lf }
            if isQuoted { buffer.append(Self.quote) }
            if let first = bytes.first, Self.startsFormula(first) { buffer.append(UInt8(ascii: "'")) }
            if isQuoted {
                for byte in bytes {
                    if byte == Self.quote { buffer.append(Self.quote) }
                    buffer.append(byte)
                }
                buffer.append(Self.quote)
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
    }

    private static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), cr: true
        default: false
        }
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
