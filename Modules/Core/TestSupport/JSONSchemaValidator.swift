import Contract
import Foundation

/// Checks a JSON value against the subset of JSON Schema `/openapi.json` emits: `type` (one or a list), `properties`,
/// `required`, `items`, `enum`, `format` (`uuid`, `date`, `date-time`), `pattern`, `minimum`/`maximum`, `maxLength`
/// and `$ref` into `#/components/schemas`. Each violation is reported with the JSON path where it was found.
public struct JSONSchemaValidator {
    /// `components.schemas` of the document, for `$ref`.
    public let components: [String: JSONValue]

    public init(document: JSONValue? = nil) {
        if case let .object(schemas)? = document?["components"]?["schemas"] {
            components = schemas
        } else {
            components = [:]
        }
    }

    /// The violations of `schema` by `value`; empty when it validates.
    public func violations(of value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        guard case let .object(rules) = schema else { return [] }
        if case let .string(reference)? = rules["$ref"] {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = components[name] else { return ["\(path): unknown $ref \(reference)"] }
            return violations(of: value, against: target, at: path)
        }
        var found: [String] = []
        if let allowed = Self.types(rules["type"]), !allowed.contains(where: { Self.matches(value, $0) }) {
            return ["\(path): \(Self.describe(value)) is not \(allowed.joined(separator: "|"))"]
        }
        if case let .array(options)? = rules["enum"], !options.contains(value) {
            found.append("\(path): \(Self.describe(value)) is not one of \(options)")
        }
        switch value {
        case let .object(members):
            if case let .array(required)? = rules["required"] {
                for case let .string(key) in required where members[key] == nil { found.append("\(path): missing required \(key)") }
            }
            if case let .object(properties)? = rules["properties"] {
                for (key, member) in members {
                    if let property = properties[key] { found += violations(of: member, against: property, at: "\(path).\(key)") }
                }
            }
        case let .array(elements):
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() { found += violations(of: element, against: items, at: "\(path)[\(index)]") }
            }
        case let .string(text):
            if case let .string(format)? = rules["format"], !Self.conforms(text, format: format) {
                found.append("\(path): \"\(text)\" is not a \(format)")
            }
            if case let .string(pattern)? = rules["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \"\(text)\" does not match \(pattern)")
            }
            if case let .number(limit)? = rules["maxLength"], Double(text.count) > limit {
                found.append("\(path): longer than \(Int(limit))")
            }
        case let .number(number):
            if case let .number(minimum)? = rules["minimum"], number < minimum { found.append("\(path): \(number) < \(minimum)") }
            if case let .number(maximum)? = rules["maximum"], number > maximum { found.append("\(path): \(number) > \(maximum)") }
        default:
            break
        }
        return found
    }

    static func types(_ rule: JSONValue?) -> [String]? {
        switch rule {
        case let .string(type)?: return [type]
        case let .array(types)?:
            return types.compactMap {
                if case let .string(type) = $0 { return type }
                return nil
            }
        default: return nil
        }
    }

    static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"), (.number, "number"): true
        case let (.number(number), "integer"): number == number.rounded()
        default: false
        }
    }

    static func conforms(_ text: String, format: String) -> Bool {
        switch format {
        case "uuid": UUID(uuidString: text) != nil
        case "date": text.utf8.count == 10 && CalendarDate(text) != nil
        case "date-time": ISO8601DateFormatter().date(from: text) != nil
        default: true
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
