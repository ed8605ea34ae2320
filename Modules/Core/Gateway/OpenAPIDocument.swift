import Contract

/// The OpenAPI 3.1 document of exactly the routes this deployment serves (core plus enabled programmes).
struct OpenAPIDocument {
    /// (programme id, its URL prefix, its endpoints)
    let mounted: [(programme: String, prefix: String, endpoints: [Endpoint])]
    let extraPaths: [String: JSONValue]

    func json() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for (programme, prefix, endpoints) in mounted {
            for endpoint in endpoints {
                paths[prefix + endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = operation(
                    endpoint, programme: programme)
            }
        }
        var all = paths.mapValues { JSONValue.object($0) }
        for (path, item) in extraPaths { all[path] = item }
        return [
            "openapi": "3.1.0",
            "info": ["title": "童护 Tonghu", "version": "1", "description": "儿童关爱保护信息平台 — 本文档只列出本部署启用的接口"],
            "paths": .object(all),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": [
                    "Problem": .objectSchema(
                        [
                            "type": .stringSchema("稳定的错误类型 URI"), "title": .stringSchema("标题"), "detail": .stringSchema("说明"),
                            "status": ["type": "integer"], "field": .stringSchema("出错的字段"),
                            "row": ["type": "integer", "description": "出错的行号"]
                        ], required: ["type", "title", "status"])
                ]
            ]
        ]
    }

    private func operation(_ endpoint: Endpoint, programme: String) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(endpoint.summary.zh),
            "description": .string(endpoint.summary.en),
            "tags": [.string(programme)],
            "operationId": .string(
                programme + endpoint.method.rawValue.capitalized + endpoint.path.replacingOccurrences(of: "/", with: "_"))
        ]
        var parameters: [JSONValue] = endpoint.pathParameters.map {
            ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += endpoint.query.map { ["name": .string($0), "in": "query", "required": false, "schema": ["type": "string"]] }
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
        var success: [String: JSONValue] = ["description": "成功"]
        if let schema = endpoint.responseSchema { success["content"] = ["application/json": ["schema": schema]] }
        operation["responses"] = ["2XX": .object(success), "default": problem]
        return .object(operation)
    }
}
