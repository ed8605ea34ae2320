import Contract

/// The OpenAPI 3.1 document of exactly the routes this deployment serves (core plus enabled programmes).
struct OpenAPIDocument {
    /// (programme id, its URL prefix, its endpoints)
    let mounted: [(programme: String, prefix: String, endpoints: [Endpoint])]
    let extraPaths: [String: JSONValue]

    func json() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        var schemas: [String: JSONValue] = [:]
        for (programme, prefix, endpoints) in mounted {
            for endpoint in endpoints {
                paths[prefix + endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = operation(
                    endpoint, programme: programme, schemas: &schemas)
            }
        }
        schemas["Problem"] = Self.problem
        var all = paths.mapValues { JSONValue.object($0) }
        for (path, item) in extraPaths { all[path] = item }
        return [
            "openapi": "3.1.0",
            "info": ["title": "童护 Tonghu", "version": "1", "description": "儿童关爱保护信息平台 — 本文档只列出本部署启用的接口"],
            "paths": .object(all),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "parameters": ["IdempotencyKey": Self.idempotencyKey],
                "schemas": .object(schemas)
            ]
        ]
    }

    /// RFC 9457 problem+json, as every error is answered.
    static let problem = JSONValue.objectSchema(
        [
            "type": .stringSchema("稳定的错误类型 URI"), "title": .stringSchema("标题"), "detail": .stringSchema("说明"),
            "status": ["type": "integer"], "field": .stringSchema("出错的字段"),
            "instance": .stringSchema("请求编号"),
            "row": ["type": "integer", "description": "出错的行号"]
        ], required: ["type", "title", "status"])

    /// `Idempotency-Key`, referenced by every write operation (see IdempotentWrites).
    static let idempotencyKey: JSONValue = [
        "name": "Idempotency-Key", "in": "header", "required": false,
        "description": .string(
            "幂等键 (draft-ietf-httpapi-idempotency-key-header): 同一用户 24 小时内以同一键重发同一请求, 返回保存的应答"
                + " (Idempotent-Replayed: true), 不再执行; 同一键用于不同请求 422; 首个请求未完成时 409; 1 至 255 个可见 ASCII 字符, 否则 400."
                + " 5xx 不保存. 未登录的请求只检查键的格式"),
        "schema": ["type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"]
    ]

    /// The operation object; the success body's schema goes into `schemas` under its type's name and is referenced.
    private func operation(_ endpoint: Endpoint, programme: String, schemas: inout [String: JSONValue]) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(endpoint.summary.zh),
            "description": .string(endpoint.summary.en),
            "tags": [.string(programme)],
            "operationId": .string(
                programme + endpoint.method.rawValue.capitalized + endpoint.path.replacingOccurrences(of: "/", with: "_"))
        ]
        let declared = Dictionary(uniqueKeysWithValues: endpoint.inputs.map { ($0.key, $0) })
        var parameters: [JSONValue] = endpoint.pathParameters.map { name in
            declared["path:" + name]?.parameter ?? ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += endpoint.inputs.filter { $0.location == .query }.map(\.parameter)
        if IdempotentWrites.methods.contains(endpoint.method) { parameters.append(["$ref": "#/components/parameters/IdempotencyKey"]) }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        switch endpoint.access {
        case .open: operation["security"] = []
        case .signedIn: operation["security"] = [["bearer": []]]
        case let .permission(permission):
            operation["security"] = [["bearer": []]]
            operation["x-permission"] = .string(permission.name)
        }
        if let schema = endpoint.requestSchema {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": schema]]]
        }
        let problem: JSONValue = [
            "description": "错误 (RFC 9457)", "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]
        ]
        var responses: [String: JSONValue] = ["default": problem]
        let response = endpoint.response
        var success: [String: JSONValue] = ["description": .string(response.description)]
        if let mediaType = response.mediaType {
            var content: [String: JSONValue] = [:]
            if let schema = (try? response.schema()).flatMap({ $0 }) {
                schemas[response.description] = schema
                content["schema"] = ["$ref": .string("#/components/schemas/" + response.description)]
            } else {
                content["schema"] = ["type": "string"]
            }
            let examples = (try? response.exampleValues()) ?? []
            if !examples.isEmpty {
                content["examples"] = .object(
                    Dictionary(uniqueKeysWithValues: examples.enumerated().map { ("example\($0.offset + 1)", ["value": $0.element]) }))
            }
            success["content"] = [mediaType: .object(content)]
        }
        for status in response.statuses { responses[String(status.code)] = .object(success) }
        operation["responses"] = .object(responses)
        return .object(operation)
    }
}
