import Foundation

/// Where a declared input is read from.
public enum InputLocation: String, Sendable {
    case path
    case query
}

/// One input of an endpoint as validation and `/openapi.json` see it: its name, where it is read, whether it must be
/// given, and the JSON Schema of its value (type, format, enum, bounds, default).
public struct InputDeclaration: Sendable, Equatable {
    public let name: String
    public let location: InputLocation
    public let required: Bool
    /// 说明 — what the value means, in Chinese (shown in the document).
    public let description: String
    public let schema: JSONValue

    /// The OpenAPI parameter object.
    public var parameter: JSONValue {
        [
            "name": .string(name), "in": .string(location.rawValue), "required": .bool(required), "description": .string(description),
            "schema": schema
        ]
    }

    /// The key under which a call records the inputs its endpoint declared.
    package var key: String { location.rawValue + ":" + name }
}

/// An input an endpoint lists in its `inputs:` (a ``QueryInput`` or a ``PathInput``).
public protocol DeclaredInput: Sendable {
    var declaration: InputDeclaration { get }
}

/// A query parameter declared once, as a `static let` beside the endpoint that lists it: the declaration documents
/// it and `call.input(_:)` reads it, parsed and bounded, each failure a 422 naming the parameter (Chinese and English).
/// A district is also checked against the caller's scope (404 outside it, as if it did not exist).
public struct QueryInput<Value: Sendable>: DeclaredInput {
    public let declaration: InputDeclaration
    let parse: @Sendable (String, Call) throws -> Value
    let absent: @Sendable () throws -> Value

    /// A parameter of your own type: `parse` turns the text into the value or throws a `Problem` naming `name`.
    /// Required unless made ``optional`` or given a default.
    public static func custom(
        _ name: String, _ description: String, schema: JSONValue, parse: @escaping @Sendable (String) throws -> Value
    ) -> Self {
        required(name, description, schema: schema) { text, _ in try parse(text) }
    }

    static func required(
        _ name: String, _ description: String, schema: JSONValue, parse: @escaping @Sendable (String, Call) throws -> Value
    ) -> Self {
        Self(
            declaration: .init(name: name, location: .query, required: true, description: description, schema: schema), parse: parse,
            absent: { throw Problem.invalid(name, "请给出 \(name) (\(description))", "\(name) is required") })
    }

    static func defaulted(
        _ name: String, _ description: String, schema: JSONValue, default value: Value, documented: JSONValue,
        parse: @escaping @Sendable (String, Call) throws -> Value
    ) -> Self {
        var schema = schema
        if case var .object(members) = schema {
            members["default"] = documented
            schema = .object(members)
        }
        return Self(
            declaration: .init(name: name, location: .query, required: false, description: description, schema: schema), parse: parse,
            absent: { value })
    }

    /// The same parameter, not required: absent reads as `nil`.
    public var optional: QueryInput<Value?> {
        let parse = parse
        return QueryInput<Value?>(
            declaration: .init(
                name: declaration.name, location: .query, required: false, description: declaration.description,
                schema: declaration.schema), parse: { try parse($0, $1) }, absent: { nil })
    }

    func read(_ text: String?, _ call: Call) throws -> Value {
        guard let text else { return try absent() }
        return try parse(text, call)
    }
}

extension QueryInput where Value == DistrictCode {
    /// A 12-digit district code (统计用区划代码) within the caller's scope for the endpoint's permission; outside it a
    /// 404. `scoped: false` only for reads that take a district to choose the rules in force there, not child data.
    public static func district(_ name: String = "district", _ description: String = "12 位统计用区划代码", scoped: Bool = true) -> Self {
        required(name, description, schema: DistrictCodeInput.schema) { text, call in
            let code = try DistrictCodeInput.parse(text, field: name)
            return scoped ? try call.requireInScope(code) : code
        }
    }
}

extension QueryInput where Value == CalendarDate {
    /// A calendar date `yyyy-MM-dd`.
    public static func date(_ name: String, _ description: String) -> Self {
        required(name, description, schema: ["type": "string", "format": "date"]) { text, _ in
            guard let date = CalendarDate(text) else {
                throw Problem.invalid(name, "\(name) 应为日期 yyyy-MM-dd", "\(name) must be a date yyyy-MM-dd")
            }
            return date
        }
    }

    /// A month `yyyy-MM`, read as its first day.
    public static func month(_ name: String = "month", _ description: String = "月份 yyyy-MM") -> Self {
        required(name, description, schema: ["type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"]) { text, _ in
            guard text.utf8.count == 7, let month = CalendarDate(text + "-01") else {
                throw Problem.invalid(name, "\(name) 应为 yyyy-MM", "\(name) must be yyyy-MM")
            }
            return month
        }
    }
}

extension QueryInput where Value == Int {
    /// An integer within `range`; `default` when absent (required when there is none).
    public static func integer(_ name: String, _ description: String, in range: ClosedRange<Int>, default value: Int? = nil) -> Self {
        let schema: JSONValue = [
            "type": "integer", "minimum": .number(Double(range.lowerBound)), "maximum": .number(Double(range.upperBound))
        ]
        let parse: @Sendable (String, Call) throws -> Int = { text, _ in
            guard let number = Int(text), range.contains(number) else {
                throw Problem.invalid(
                    name, "\(name) 应为 \(range.lowerBound) 到 \(range.upperBound) 的整数", "\(name) must be an integer in \(range)")
            }
            return number
        }
        guard let value else { return required(name, description, schema: schema, parse: parse) }
        return defaulted(name, description, schema: schema, default: value, documented: .number(Double(value)), parse: parse)
    }
}

extension QueryInput where Value == Bool {
    /// `true` or `false`; `default` when absent (required when there is none).
    public static func boolean(_ name: String, _ description: String, default value: Bool? = nil) -> Self {
        let parse: @Sendable (String, Call) throws -> Bool = { text, _ in
            guard let flag = Bool(text) else { throw Problem.invalid(name, "\(name) 应为 true 或 false", "\(name) must be true or false") }
            return flag
        }
        guard let value else { return required(name, description, schema: ["type": "boolean"], parse: parse) }
        return defaulted(name, description, schema: ["type": "boolean"], default: value, documented: .bool(value), parse: parse)
    }
}

extension QueryInput where Value == String {
    /// Free text of at most `maxLength` characters (a name prefix, a username).
    public static func text(_ name: String, _ description: String, maxLength: Int) -> Self {
        required(name, description, schema: ["type": "string", "maxLength": .number(Double(maxLength))]) { text, _ in
            guard text.count <= maxLength else {
                throw Problem.invalid(name, "\(name) 不能超过 \(maxLength) 个字符", "\(name) must be at most \(maxLength) characters")
            }
            return text
        }
    }
}

extension QueryInput where Value == UUID {
    /// An identifier (UUID) of `what`.
    public static func uuid(_ name: String, _ description: String) -> Self {
        required(name, description, schema: ["type": "string", "format": "uuid"]) { text, _ in
            guard let id = UUID(uuidString: text) else {
                throw Problem.invalid(name, "\(name) 应为\(description) (UUID)", "\(name) must be a UUID")
            }
            return id
        }
    }
}

extension QueryInput where Value == UUID? {
    /// 键集分页 — the keyset cursor `after`: the id the previous page ended with (its `next`); absent for the first page.
    public static var after: Self {
        QueryInput<UUID>.required("after", "上一页返回的 next (最后一条的编号)", schema: ["type": "string", "format": "uuid"]) { text, _ in
            guard let id = UUID(uuidString: text) else {
                throw Problem.invalid("after", "after 应为上一页最后一条的编号", "after must be the last id of the previous page")
            }
            return id
        }.optional
    }
}

extension QueryInput {
    /// One of a closed list of codes, each standing for a value; the option coded `default` when absent (required
    /// when there is none).
    public static func choice(_ name: String, _ description: String, _ options: [(code: String, value: Value)], default code: String? = nil)
        -> Self
    {
        let codes = options.map(\.code)
        let schema: JSONValue = ["type": "string", "enum": .array(codes.map(JSONValue.string))]
        let parse: @Sendable (String, Call) throws -> Value = { text, _ in
            guard let index = codes.firstIndex(of: text) else {
                throw Problem.invalid(name, "\(name) 应为 \(codes.joined(separator: "/"))", "unknown \(name) \(text)")
            }
            return options[index].value
        }
        guard let code, let option = options.first(where: { $0.code == code }) else {
            return required(name, description, schema: schema, parse: parse)
        }
        return defaulted(name, description, schema: schema, default: option.value, documented: .string(code), parse: parse)
    }
}

extension QueryInput where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of the cases of `Value`, by raw value.
    public static func enumeration(_ name: String, _ description: String, default value: Value? = nil) -> Self {
        choice(name, description, Value.allCases.map { ($0.rawValue, $0) }, default: value?.rawValue)
    }
}

/// A path parameter (`{id}` of `/children/{id}`) declared once, read with `call.input(_:)`. An identifier that
/// cannot exist (not a UUID, not a number, not one of the codes) is a 404 naming `what`, as a missing record is.
public struct PathInput<Value: Sendable>: DeclaredInput {
    public let declaration: InputDeclaration
    let parse: @Sendable (String) throws -> Value

    /// A parameter of your own type; `parse` throws the `Problem` to answer.
    public static func custom(_ name: String, _ description: String, schema: JSONValue, parse: @escaping @Sendable (String) throws -> Value)
        -> Self
    {
        Self(declaration: .init(name: name, location: .path, required: true, description: description, schema: schema), parse: parse)
    }
}

extension PathInput where Value == UUID {
    /// The UUID of `what`; a malformed one is a 404.
    public static func uuid(_ name: String = "id", _ what: Localized) -> Self {
        custom(name, what.zh + "编号", schema: ["type": "string", "format": "uuid"]) { text in
            guard let id = UUID(uuidString: text) else { throw Problem.notFound(what) }
            return id
        }
    }
}

extension PathInput where Value == Int64 {
    /// The numeric id of `what`; anything else is a 404.
    public static func number(_ name: String = "id", _ what: Localized) -> Self {
        custom(name, what.zh + "编号", schema: ["type": "integer", "format": "int64"]) { text in
            guard let id = Int64(text) else { throw Problem.notFound(what) }
            return id
        }
    }
}

extension PathInput where Value == DistrictCode {
    /// A 12-digit district code; a malformed one is a 422 naming the parameter.
    public static func district(_ name: String = "code") -> Self {
        custom(name, "12 位统计用区划代码", schema: DistrictCodeInput.schema) { try DistrictCodeInput.parse($0, field: name) }
    }
}

extension PathInput where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of the cases of `Value`; anything else is a 404 naming `what`.
    public static func enumeration(_ name: String, _ what: Localized) -> Self {
        custom(name, what.zh, schema: ["type": "string", "enum": .array(Value.allCases.map { .string($0.rawValue) })]) { text in
            guard let value = Value(rawValue: text) else { throw Problem.notFound(what) }
            return value
        }
    }
}

/// The one parse of a district code a caller sends in a query or path (统计用区划代码, 12 digits).
enum DistrictCodeInput {
    static let schema = JSONValue.districtCodeSchema

    static func parse(_ text: String, field: String) throws -> DistrictCode {
        try DistrictCode(validating: text, field: field)
    }
}
