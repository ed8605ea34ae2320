import Foundation
import Hummingbird
import Vocabulary

/// NUL (U+0000) in a request. PostgreSQL's text cannot hold it, so a request carrying one is refused with 422
/// naming the field before any handler or statement sees it (the database would refuse it as a 500 otherwise).
public enum NulCharacter {
    /// 422 naming `field`.
    public static func problem(field: String) -> Problem {
        .invalid(field, "字段 \(field) 含有空字符 (NUL), 不允许", "field \(field) holds a NUL character, which is not allowed")
    }

    /// The first field of a JSON body whose key or string value holds NUL (`children[2].name`), or `nil`. JSON can
    /// carry NUL only as the escape `\u0000`; a body without those six bytes is not parsed a second time.
    public static func field(inJSON body: Data) -> String? {
        guard body.range(of: Data(#"\u0000"#.utf8)) != nil else { return nil }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        return value.firstPath { $0.utf8.contains(0) }
    }

    /// The first query parameter (name or value) or path parameter holding NUL, or `nil`.
    public static func field(in request: Request, parameters: Parameters) -> String? {
        for (name, value) in request.uri.queryParameters where name.utf8.contains(0) || value.utf8.contains(0) {
            return String(name)
        }
        for (name, value) in parameters where value.utf8.contains(0) {
            return String(name)
        }
        return nil
    }
}

extension JSONValue {
    /// The path of the first string (a value, or a member's name) `matches` accepts, in the decoder's notation.
    func firstPath(where matches: (String) -> Bool, prefix: String = "") -> String? {
        switch self {
        case let .string(text):
            return matches(text) ? prefix : nil
        case let .array(elements):
            for (index, element) in elements.enumerated() {
                if let path = element.firstPath(where: matches, prefix: "\(prefix)[\(index)]") { return path }
            }
        case let .object(members):
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                if matches(name) { return path }
                if let found = member.firstPath(where: matches, prefix: path) { return found }
            }
        case .number, .bool, .null:
            break
        }
        return nil
    }
}
