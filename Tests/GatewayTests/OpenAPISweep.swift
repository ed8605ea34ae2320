import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport

/// The operations of `/openapi.json` as the generated sweeps walk them: every route of every enabled programme, with
/// its path and query parameters and the properties of its JSON body. A programme's new route is covered by the
/// sweeps without a test of its own.
struct OpenAPISweep {
    struct Operation: CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let pathParameters: [String]
        let query: [String]
        /// The JSON Schema of each path and query parameter, by name (types, enums, bounds).
        let schemas: [String: [String: Any]]
        let body: [String: Any]?
        let permission: String?
        let isOpen: Bool

        var description: String { "\(method) \(path)" }
        /// A POST that only reads (an exact search with the ID number in the body).
        var isRead: Bool { method == .get || path.hasSuffix("/search") || path.hasSuffix("/lookup") }
    }

    let operations: [Operation]

    init(client: any TestClientProtocol) async throws {
        let document = try await client.execute(uri: "/openapi.json", method: .get) { try $0.json() }
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        operations = paths.sorted { $0.key < $1.key }.flatMap { path, item in
            item.sorted { $0.key < $1.key }.compactMap { method, value -> Operation? in
                guard let operation = value as? [String: Any], let method = HTTPRequest.Method(method.uppercased()) else { return nil }
                let parameters = operation["parameters"] as? [[String: Any]] ?? []
                func names(_ location: String) -> [String] {
                    parameters.filter { $0["in"] as? String == location }.compactMap { $0["name"] as? String }
                }
                let body =
                    ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                var schemas: [String: [String: Any]] = [:]
                for parameter in parameters {
                    if let name = parameter["name"] as? String { schemas[name] = parameter["schema"] as? [String: Any] ?? [:] }
                }
                return Operation(
                    method: method, path: path, pathParameters: names("path"), query: names("query"), schemas: schemas,
                    body: body?["schema"] as? [String: Any], permission: operation["x-permission"] as? String,
                    isOpen: (operation["security"] as? [Any])?.isEmpty == true)
            }
        }
    }

    /// The values a request names things by: districts, children, ID numbers, dates.
    struct Values {
        var district: String
        var childID: String
        var idNumber: String
        var name = "甲村童"

        /// A value for a parameter or field called `name` whose schema is `schema`.
        func sample(_ name: String, schema: [String: Any] = [:]) -> Any {
            let lower = name.lowercased()
            if let codes = schema["enum"] as? [Any], let first = codes.first { return first }
            switch schema["type"] as? String {
            case "integer": return 1
            case "boolean": return false
            case "number": return 1
            case "array":
                return [sample(String(name.dropLast(name.hasSuffix("s") ? 1 : 0)), schema: schema["items"] as? [String: Any] ?? [:])]
            case "object":
                return object(schema)
            default: break
            }
            if lower.contains("district") || lower == "code" { return district }
            if lower == "idnumber" { return idNumber }
            if lower == "child" || lower.hasSuffix("childid") || schema["format"] as? String == "uuid" { return childID }
            if lower == "month" { return "2026-11" }
            if lower == "term" { return "2026-autumn" }
            if lower == "limit" || lower.hasSuffix("days") || lower.hasSuffix("age") { return "5" }
            if schema["format"] as? String == "date" || ["from", "to", "before"].contains(lower) || lower.hasSuffix("on")
                || lower == "since" || lower == "starts"
            {
                return "2026-11-01"
            }
            if lower == "name" { return self.name }
            if lower == "phone" { return "13900001111" }
            return "甲"
        }

        /// A JSON object with every property of `schema` sampled.
        func object(_ schema: [String: Any]) -> [String: Any] {
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            var object: [String: Any] = [:]
            for (name, property) in properties {
                object[name] = name == "student" ? ["idNumber": idNumber, "name": self.name] : sample(name, schema: property)
            }
            return object
        }
    }

    /// `path` with each parameter replaced by `value(name)`, percent-encoded.
    static func fill(_ path: String, _ value: (String) -> String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
            return encode(value(String(segment.dropFirst().dropLast())))
        }.joined(separator: "/")
    }

    /// Values just outside what `schema` allows: one below the minimum and above the maximum, a code not in the enum.
    static func outOfBounds(_ schema: [String: Any]) -> [String] {
        var values: [String] = []
        if let minimum = schema["minimum"] as? Int { values.append(String(minimum - 1)) }
        if let maximum = schema["maximum"] as? Int, maximum < Int.max { values.append(String(maximum + 1)) }
        if schema["enum"] != nil { values.append("no-such-code") }
        if let length = schema["maxLength"] as? Int { values.append(String(repeating: "长", count: length + 1)) }
        return values
    }

    /// `?a=…&b=…`, percent-encoded; empty without parameters.
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.isEmpty ? "" : "?" + parameters.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~%"))) ?? text
    }

    /// Sends `body` (raw bytes) with the token and returns what came back.
    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?, body: [UInt8]?)
        async throws -> (status: HTTPResponse.Status, text: String, contentType: String?)
    {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { response in
            (response.status, String(decoding: response.body.readableBytesView, as: UTF8.self), response.headers[.contentType])
        }
    }
}
