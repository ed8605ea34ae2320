import Hummingbird

/// One route a programme serves, with what the gateway needs to guard and document it.
public struct Endpoint: Sendable {
    public enum Access: Sendable, Equatable {
        /// No token needed (login, health). Declared explicitly; the conformance check lists them.
        case open
        /// A signed-in caller whose roles grant this permission somewhere; their scope for it reaches RLS.
        case permission(Permission)
        /// Any signed-in caller (`/me`).
        case signedIn
    }

    public let method: HTTPRequest.Method
    /// Relative to the programme prefix, OpenAPI style: `/children/{id}`.
    public let path: String
    public let summary: Localized
    public let access: Access
    public let requestSchema: JSONValue?
    public let responseSchema: JSONValue?
    /// Query parameters, for the OpenAPI document.
    public let query: [String]
    public let handler: @Sendable (Request, Call) async throws -> Response

    public init(
        _ method: HTTPRequest.Method, _ path: String, summary: Localized, access: Access, query: [String] = [],
        request: JSONValue? = nil, response: JSONValue? = nil,
        handler: @escaping @Sendable (Request, Call) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.access = access
        self.query = query
        self.requestSchema = request
        self.responseSchema = response
        self.handler = handler
    }

    /// Path parameters, in order (`id` of `/children/{id}`).
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { $0.hasPrefix("{") && $0.hasSuffix("}") ? String($0.dropFirst().dropLast()) : nil }
    }

    /// The path in Hummingbird's syntax (`/children/:id`).
    public var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("{") && $0.hasSuffix("}") ? ":" + $0.dropFirst().dropLast() : String($0) }
            .joined(separator: "/")
    }
}
