import Contract
import Hummingbird

/// Reads `Authorization: Bearer …` and, when the token is alive, puts the caller on the context. Whether a route
/// needs a caller is decided where the route is mounted, never here.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let sessions: Sessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return try await next(request, context)
        }
        var context = context
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        context.bearerToken = token
        context.principal = try await sessions.authenticate(token)
        return try await next(request, context)
    }
}
