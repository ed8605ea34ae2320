import Foundation
import Logging
import PostgresNIO

/// Rows in PostgreSQL's COPY text format, accumulated as bytes: fields separated by tabs, rows ended by newlines,
/// backslash, tab, newline and carriage return escaped; `bytea` as `\\x` and hex digits.
package struct CopyText {
    package private(set) var bytes: [UInt8] = []
    private static let hex = Array("0123456789abcdef".utf8)

    package init(capacity: Int) { bytes.reserveCapacity(capacity) }

    package mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes += [92, 92]
                case UInt8(ascii: "\t"): bytes += [92, UInt8(ascii: "t")]
                case UInt8(ascii: "\n"): bytes += [92, UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): bytes += [92, UInt8(ascii: "r")]
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\t"))
    }

    package mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(UInt8(ascii: "\t"))
    }

    package mutating func bytea(_ value: Data) {
        bytes += [92, 92, UInt8(ascii: "x")]
        for byte in value {
            bytes.append(Self.hex[Int(byte >> 4)])
            bytes.append(Self.hex[Int(byte & 0x0F)])
        }
        bytes.append(UInt8(ascii: "\t"))
    }

    /// Ends the row (replacing the last field's tab).
    package mutating func endRow() {
        bytes[bytes.count - 1] = UInt8(ascii: "\n")
    }

    package mutating func clear() { bytes.removeAll(keepingCapacity: true) }
}

extension PostgresConnection {
    /// `COPY schema.table (columns) FROM STDIN` inside the current transaction. PostgresNIO quotes the table name as one
    /// identifier, so the schema comes in through a transaction-local `search_path`.
    package func copy(
        into schema: String, _ table: String, columns: [String], logger: Logger,
        _ writeData: (PostgresCopyFromWriter) async throws -> Void
    ) async throws {
        try await run("SELECT set_config('search_path', \(schema), true)", logger: logger)
        try await copyFrom(table: table, columns: columns, logger: logger, writeData: writeData)
        try await run("SELECT set_config('search_path', '\"$user\", public', true)", logger: logger)
    }
}
