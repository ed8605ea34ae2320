/// A value that writes its own JSON: the bytes `JSONEncoder` gives with `.sortedKeys` and `.withoutEscapingSlashes`
/// (the gateway's settings), without the generic `Encodable` machinery. For responses of hundreds of rows (rosters,
/// work lists), where that machinery was a third of the gateway's time. A conforming type writes its keys in sorted
/// order; its tests compare the bytes with `JSONEncoder`'s.
public protocol JSONWritable {
    func write(to json: inout JSONWriter)
}

/// Writes compact JSON into a byte array, member by member, with the commas in between.
public struct JSONWriter {
    public private(set) var bytes: [UInt8]
    private var needsComma = false

    public init(capacity: Int = 16_384) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// `{…}`: `members` writes each `key` and its value, keys in sorted order.
    public mutating func object(_ members: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        members(&self)
        close(UInt8(ascii: "}"))
    }

    /// `[…]`: `element` writes each element of `elements`.
    public mutating func array<Elements: Sequence>(_ elements: Elements, _ element: (inout JSONWriter, Elements.Element) -> Void) {
        open(UInt8(ascii: "["))
        for value in elements { element(&self, value) }
        close(UInt8(ascii: "]"))
    }

    /// A member's key; its value comes next.
    public mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: bytes += Array("\\u00".utf8) + [Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    public mutating func integer(_ value: Int) {
        separate()
        bytes += Array(String(value).utf8)
        needsComma = true
    }

    public mutating func value(_ value: some JSONWritable) {
        value.write(to: &self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }
}
