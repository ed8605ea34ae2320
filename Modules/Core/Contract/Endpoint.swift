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
    /// The path and query inputs the handler reads with `call.input(_:)`, as they are documented.
    public let inputs: [InputDeclaration]
    public let requestSchema: JSONValue?
    public let response: ResponseDeclaration
    public let handler: @Sendable (Request, Call) async throws -> Response

    /// `inputs` lists every ``PathInput`` of `path` and every ``QueryInput`` the handler reads; `response` what it
    /// answers on success (errors are problem+json).
    public init(
        _ method: HTTPRequest.Method, _ path: String, summary: Localized, access: Access, inputs: [any DeclaredInput] = [],
        request: JSONValue? = nil, response: ResponseDeclaration, handler: @escaping @Sendable (Request, Call) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.access = access
        self.inputs = inputs.map(\.declaration)
        self.requestSchema = request
        self.response = response
        self.handler = handler
        let names = self.inputs.map(\.key)
        precondition(Set(names).count == names.count, "\(method) \(path) declares an input twice")
        let declaredPath = Set(self.inputs.filter { $0.location == .path }.map(\.name))
        precondition(declaredPath.isSubset(of: pathParameters), "\(method) \(path) declares a path input its path does not have")
    }

    /// The keys of the declared inputs (`query:limit`), which `call.input(_:)` checks.
    package var inputKeys: Set<String> { Set(inputs.map(\.key)) }

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
