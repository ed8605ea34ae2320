/// A minimal pull scanner for the XML of a workbook: elements (namespace prefix dropped), their attributes, and text
/// with entities decoded. Enough for what spreadsheets write; no DTDs.
struct XMLScanner {
    enum Event {
        case start(name: String, attributes: [String: String], isEmpty: Bool)
        case end(name: String)
        case text(String)
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    mutating func next() -> Event? {
        while position < bytes.endIndex {
            if bytes[position] != UInt8(ascii: "<") {
                let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.endIndex
                let text = Self.decode(bytes[position..<end])
                position = end
                return .text(text)
            }
            guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else {
                position = bytes.endIndex
                return nil
            }
            let tag = bytes[(position + 1)..<close]
            position = close + 1
            guard let first = tag.first else { continue }
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { continue }
            if first == UInt8(ascii: "/") { return .end(name: Self.localName(tag.dropFirst())) }
            let isEmpty = tag.last == UInt8(ascii: "/")
            let body = isEmpty ? tag.dropLast() : tag
            let nameEnd = body.firstIndex(where: Self.isSpace) ?? body.endIndex
            return .start(name: Self.localName(body[..<nameEnd]), attributes: Self.attributes(body[nameEnd...]), isEmpty: isEmpty)
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func localName(_ name: ArraySlice<UInt8>) -> String {
        let trimmed = name.prefix { !isSpace($0) }
        let local = trimmed.lastIndex(of: UInt8(ascii: ":")).map { trimmed[($0 + 1)...] } ?? trimmed
        return String(decoding: local, as: UTF8.self)
    }

    private static func attributes(_ text: ArraySlice<UInt8>) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text
        while let equals = rest.firstIndex(of: UInt8(ascii: "=")) {
            let name = localName(rest[..<equals].drop(while: isSpace))
            guard let open = rest[equals...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }),
                let close = rest[(open + 1)...].firstIndex(of: rest[open])
            else { break }
            result[name] = decode(rest[(open + 1)..<close])
            rest = rest[(close + 1)...]
        }
        return result
    }

    /// Text with `&amp;`-style and numeric entities decoded.
    static func decode(_ text: ArraySlice<UInt8>) -> String {
        guard text.contains(UInt8(ascii: "&")) else { return String(decoding: text, as: UTF8.self) }
        var output: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == UInt8(ascii: "&"), let semicolon = text[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                output.append(text[index])
                index += 1
                continue
            }
            let entity = String(decoding: text[(index + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                index = semicolon + 1
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
