import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// `/openapi.json` as a generated client reads it: typed parameters, a schema for every success body, examples that
/// validate against their schema, and live answers that do too.
@Suite("The OpenAPI document: typed inputs, documented responses", .serialized)
struct OpenAPIDocumentTests {
    struct Operation {
        let method: String
        let path: String
        let value: JSONValue
    }

    static func document(_ client: any TestClientProtocol) async throws -> JSONValue {
        try await client.execute(uri: "/openapi.json", method: .get) { response in
            try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
        }
    }

    static func operations(_ document: JSONValue) -> [Operation] {
        guard case let .object(paths)? = document["paths"] else { return [] }
        return paths.sorted { $0.key < $1.key }.flatMap { path, item -> [Operation] in
            guard case let .object(methods) = item else { return [] }
            return methods.sorted { $0.key < $1.key }.map { Operation(method: $0.key, path: path, value: $0.value) }
        }
    }

    /// The success answers of an operation: status code → its content (`nil` for 204).
    static func successes(_ operation: Operation) -> [(status: String, content: JSONValue?)] {
        guard case let .object(responses)? = operation.value["responses"] else { return [] }
        return responses.keys.sorted().filter { $0.hasPrefix("2") }.map { ($0, responses[$0]?["content"]) }
    }

    @Test("every operation documents its success body, and every example validates against its schema")
    func documentedResponses() async throws {
        try await TestPlatform.with(programmes: GeneratedSweepTests.programmes) { test in
            try await test.withClient { client in
                let document = try await Self.document(client)
                let validator = JSONSchemaValidator(document: document)
                let operations = Self.operations(document)
                #expect(operations.count > 50)
                var examples = 0
                for operation in operations {
                    let name = "\(operation.method) \(operation.path)"
                    let successes = Self.successes(operation)
                    #expect(!successes.isEmpty, "\(name) documents no success answer")
                    #expect(operation.value["responses"]?["default"] != nil, "\(name) documents no problem+json")
                    for (status, content) in successes {
                        if status == "204" {
                            #expect(content == nil, "\(name) 204 has content")
                            continue
                        }
                        guard case let .object(media)? = content, !media.isEmpty else {
                            Issue.record("\(name) \(status) documents no content")
                            continue
                        }
                        guard let json = media["application/json"] else { continue }
                        guard case let .string(reference)? = json["schema"]?["$ref"],
                            let schema = document["components"]?["schemas"]?[String(reference.split(separator: "/").last ?? "")],
                            schema["type"] != nil
                        else {
                            Issue.record("\(name) \(status) has no JSON schema")
                            continue
                        }
                        guard case let .object(named)? = json["examples"], !named.isEmpty else {
                            Issue.record("\(name) \(status) has no example")
                            continue
                        }
                        for (label, example) in named {
                            examples += 1
                            let violations = validator.violations(of: example["value"] ?? .null, against: schema)
                            #expect(violations.isEmpty, "\(name) \(status) \(label): \(violations)")
                        }
                    }
                    guard case let .array(parameters)? = operation.value["parameters"] else { continue }
                    for var parameter in parameters {
                        // A shared parameter (Idempotency-Key) is checked where it is declared.
                        if case let .string(reference)? = parameter["$ref"] {
                            parameter = document["components"]?["parameters"]?[String(reference.split(separator: "/").last ?? "")] ?? .null
                        }
                        // A declared input has its description and a real type; the fallback for an undeclared one has neither.
                        #expect(parameter["description"] != nil, "\(name): parameter \(parameter["name"] ?? .null) is not declared")
                        #expect(parameter["schema"]?["type"] != nil, "\(name): parameter \(parameter["name"] ?? .null) has no type")
                    }
                }
                #expect(examples > 60)
            }
        }
    }

    @Test("typed parameters: districts, enums, bounds, formats and defaults are in the document")
    func typedParameters() async throws {
        try await TestPlatform.with(programmes: GeneratedSweepTests.programmes) { test in
            try await test.withClient { client in
                let document = try await Self.document(client)
                func parameter(_ method: String, _ path: String, _ name: String) -> JSONValue? {
                    guard case let .array(parameters)? = document["paths"]?[path]?[method]?["parameters"] else { return nil }
                    return parameters.first { $0["name"] == .string(name) }
                }
                let roster = "/api/v1/registry/children"
                #expect(parameter("get", roster, "district")?["schema"]?["pattern"] == "^[0-9]{12}$")
                #expect(parameter("get", roster, "colour")?["schema"]?["enum"] == ["red", "yellow", "blue", "green"])
                #expect(parameter("get", roster, "limit")?["schema"] == ["type": "integer", "minimum": 1, "maximum": 500, "default": 50])
                #expect(parameter("get", roster, "after")?["schema"]?["format"] == "uuid")
                #expect(parameter("get", roster, "overdue")?["schema"]?["type"] == "boolean")
                #expect(parameter("get", "/api/v1/registry/exports/roster", "district")?["required"] == true)
                #expect(parameter("get", roster, "district")?["required"] == false)
                #expect(parameter("get", "/api/v1/registry/children/{id}", "id")?["schema"]?["format"] == "uuid")
                #expect(parameter("get", "/api/v1/registry/workers/{id}", "id")?["schema"]?["type"] == "integer")
                #expect(
                    parameter("get", "/api/v1/dropout-control/ledgers/{ledger}", "ledger")?["schema"]?["enum"]
                        == ["out-of-school", "suspected-dropout", "dropout"])
                #expect(parameter("get", "/api/v1/dropout-control/indicators", "month")?["schema"]?["pattern"] != nil)
                #expect(parameter("get", "/api/v1/registry/transfers", "status")?["schema"]?["default"] == "proposed")
                let export = document["paths"]?["/api/v1/registry/exports/roster"]?["get"]?["responses"]?["200"]?["content"]
                #expect(export?["text/csv"] != nil)
            }
        }
    }

    @Test("answers of every read, for a district's administrator, validate against the documented schema")
    func liveAnswersValidate() async throws {
        try await TestPlatform.with(programmes: GeneratedSweepTests.programmes) { test in
            try await test.withClient { client in
                let holdings = try await GeneratedSweepTests.seed(test, client)
                let token = try await client.login("jia-admin")
                let document = try await Self.document(client)
                let validator = JSONSchemaValidator(document: document)
                let values = OpenAPISweep.Values(
                    district: TestPlatform.townshipA.description, childID: holdings.child, idNumber: GeneratedSweepTests.idNumber)
                let sweeps = try await OpenAPISweep(client: client).operations
                var validated: [String] = []
                for operation in Self.operations(document) where operation.method == "get" {
                    let sweep = try #require(sweeps.first { $0.path == operation.path && $0.method == .get })
                    let path = OpenAPISweep.fill(operation.path) { $0 == "code" ? values.district : holdings.child }
                    let uri = path + OpenAPISweep.query(sweep.query.map { ($0, "\(values.sample($0, schema: sweep.schemas[$0] ?? [:]))") })
                    let response = try await OpenAPISweep.send(client, .get, uri, token: token, body: nil)
                    guard (200..<300).contains(response.status.code), response.contentType?.hasPrefix("application/json") == true else {
                        continue
                    }
                    let schema = try #require(
                        document["paths"]?[operation.path]?["get"]?["responses"]?[String(response.status.code)]?["content"]?[
                            "application/json"]?["schema"], "\(uri) answered \(response.status.code), which is not documented")
                    let body = try JSONDecoder().decode(JSONValue.self, from: Data(response.text.utf8))
                    let violations = validator.violations(of: body, against: schema)
                    #expect(violations.isEmpty, "GET \(uri): \(violations) in \(response.text.prefix(400))")
                    validated.append(operation.path)
                }
                for read in [
                    "/api/v1/me", "/api/v1/registry/children", "/api/v1/registry/children/{id}", "/api/v1/registry/indicators",
                    "/api/v1/registry/worklists/overdue", "/api/v1/registry/workers", "/api/v1/registry/transfers",
                    "/api/v1/registry/survey-rounds", "/api/v1/audit", "/api/v1/districts/{code}"
                ] {
                    #expect(validated.contains(read), "\(read) was not read successfully: validated \(validated)")
                }
            }
        }
    }
}
