import Foundation
import Hummingbird

/// A JSON body an endpoint answers with. Swift has no schema reflection, so `/openapi.json` documents the type from
/// its `examples`, encoded exactly as `Call.json` encodes the value (``JSONBody``), with the schema inferred from them.
public protocol DocumentedBody: Encodable {
    /// Values as a handler returns them. The first is complete: every optional member set, every array non-empty,
    /// a fractional number where a member is not an integer. A member absent from any example is documented as
    /// optional; a `null` in any as nullable.
    static var examples: [Self] { get throws }
}

extension DocumentedBody where Self: Decodable {
    /// An example written as the JSON the type decodes from (for types whose memberwise initialiser is not public).
    public static func decoded(_ json: String) throws -> Self { try Example.decoded(json) }
}

extension String: DocumentedBody {
    public static var examples: [String] { ["文本"] }
}

extension Array: DocumentedBody where Element: DocumentedBody {
    public static var examples: [Self] { get throws { [try Element.examples] } }
}

/// What an endpoint answers on success: a documented JSON body, a file of a media type, or nothing (204).
public struct ResponseDeclaration: Sendable {
    /// The success statuses, each with this content (the first is the usual one).
    public let statuses: [HTTPResponse.Status]
    public let mediaType: String?
    public let description: String
    let examples: @Sendable () throws -> [JSONValue]

    /// `Body` as JSON with `statuses` (200 unless given).
    public static func json<Body: DocumentedBody>(_ type: Body.Type, _ statuses: HTTPResponse.Status...) -> Self {
        Self(
            statuses: statuses.isEmpty ? [.ok] : statuses, mediaType: "application/json", description: schemaName(type),
            examples: { try Body.examples.map(JSONBody.value) })
    }

    /// The name the body's schema is listed under in `components.schemas`: the type's name inside its module, dots
    /// removed (`RegistryCommand.Import.Outcome` → `RegistryCommandImportOutcome`), `List` for an array of it.
    package static func schemaName(_ type: Any.Type) -> String {
        var name = String(reflecting: type)
        var suffix = ""
        while name.hasPrefix("Swift.Array<"), name.hasSuffix(">") {
            name = String(name.dropFirst("Swift.Array<".count).dropLast())
            suffix += "List"
        }
        let parts = name.split(separator: ".")
        return (parts.count > 1 ? parts.dropFirst().joined() : name) + suffix
    }

    /// A file or text that is not JSON (a CSV export, Prometheus metrics).
    public static func media(_ mediaType: String, _ description: String) -> Self {
        Self(statuses: [.ok], mediaType: mediaType, description: description, examples: { [] })
    }

    /// 204, no body.
    public static let noContent = Self(statuses: [.noContent], mediaType: nil, description: "无内容", examples: { [] })

    /// The examples as JSON, for the document's `example` and for tests that validate them against ``schema()``.
    public func exampleValues() throws -> [JSONValue] { try examples() }

    /// The JSON Schema of the body (`nil` for a file or no body).
    public func schema() throws -> JSONValue? {
        guard mediaType == "application/json" else { return nil }
        return JSONSchemaInference.schema(of: try examples())
    }
}

/// The bytes of a JSON answer: written by the value itself when it is `JSONWritable`, else `JSONEncoder` with sorted
/// keys, unescaped slashes and ISO 8601 dates. `Call.json` and the documented examples both use it.
public enum JSONBody {
    /// `language` is the language of the ``Problem``s inside `value` (``Problem/languageKey``).
    public static func bytes(_ value: some Encodable, language: Language = .zh) throws -> [UInt8] {
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            writer.value(writable)
            return writer.bytes
        }
        let encoder = JSONEncoder()
        encoder.userInfo[Problem.languageKey] = language.rawValue
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func value(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes(value)))
    }
}

/// A JSON Schema (the subset `/openapi.json` uses) that every one of some JSON values satisfies: types (a list when
/// they differ, `null` included), object properties with the keys every example has as `required`, array items from
/// all elements, and the string formats `uuid`, `date` and `date-time` when every example string has them.
public enum JSONSchemaInference {
    public static func schema(of values: [JSONValue]) -> JSONValue {
        guard !values.isEmpty else { return [:] }
        var types: [String] = []
        var objects: [[String: JSONValue]] = []
        var elements: [JSONValue] = []
        var strings: [String] = []
        func note(_ type: String) { if !types.contains(type) { types.append(type) } }
        for value in values {
            switch value {
            case .null: note("null")
            case .bool: note("boolean")
            case let .number(number): note(number == number.rounded() ? "integer" : "number")
            case let .string(text):
                note("string")
                strings.append(text)
            case let .array(items):
                note("array")
                elements += items
            case let .object(members):
                note("object")
                objects.append(members)
            }
        }
        if types.contains("number") { types.removeAll { $0 == "integer" } }
        var schema: [String: JSONValue] = ["type": types.count == 1 ? .string(types[0]) : .array(types.map(JSONValue.string))]
        if !objects.isEmpty {
            let keys = Set(objects.flatMap(\.keys)).sorted()
            schema["properties"] = .object(
                Dictionary(uniqueKeysWithValues: keys.map { key in (key, Self.schema(of: objects.compactMap { $0[key] })) }))
            schema["required"] = .array(keys.filter { key in objects.allSatisfy { $0[key] != nil } }.map(JSONValue.string))
        }
        if types.contains("array") { schema["items"] = Self.schema(of: elements) }
        if let format = format(of: strings) { schema["format"] = .string(format) }
        return .object(schema)
    }

    static func format(of strings: [String]) -> String? {
        guard !strings.isEmpty else { return nil }
        if strings.allSatisfy({ $0.utf8.count == 36 && UUID(uuidString: $0) != nil }) { return "uuid" }
        if strings.allSatisfy({ $0.utf8.count == 10 && CalendarDate($0) != nil }) { return "date" }
        let instant = ISO8601DateFormatter()
        if strings.allSatisfy({ instant.date(from: $0) != nil }) { return "date-time" }
        return nil
    }
}

/// Values for writing ``DocumentedBody`` examples from literals, each throwing on a literal that is not one.
public enum Example {
    public static func district(_ code: String) throws -> DistrictCode {
        guard let value = DistrictCode(code) else { throw ExampleError(literal: code) }
        return value
    }

    public static func date(_ text: String) throws -> CalendarDate {
        guard let value = CalendarDate(text) else { throw ExampleError(literal: text) }
        return value
    }

    public static func uuid(_ text: String) throws -> UUID {
        guard let value = UUID(uuidString: text) else { throw ExampleError(literal: text) }
        return value
    }

    /// An instant, ISO 8601 (`2026-11-01T08:30:00Z`).
    public static func instant(_ text: String) throws -> Date {
        guard let value = ISO8601DateFormatter().date(from: text) else { throw ExampleError(literal: text) }
        return value
    }

    /// A value written as the JSON it decodes from (ISO 8601 instants).
    public static func decoded<Value: Decodable>(_ json: String, as type: Value.Type = Value.self) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Value.self, from: Data(json.utf8))
    }

    struct ExampleError: Error { let literal: String }
}
