import Contract
import Hummingbird

/// Reads `Authorization: Bearer …` and, when the token is alive, puts the caller on the context. Whether a route
/// needs a caller is decided where the route is mounted, never here; only a token limited to enrolling a second
/// factor is refused here (403 `second-factor-enrolment-required`) on every path but `enrolmentPaths`. `/metrics`'s
/// bearer is the metrics token, never a session: it is left to ``MetricsEndpoint`` (a scrape reaches no session table).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let sessions: Sessions

    static let enrolmentPaths: Set<String> = [
        "/api/v1/auth/second-factor/enrol", "/api/v1/auth/second-factor/confirm", "/api/v1/me", "/api/v1/auth/logout"
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path != MetricsEndpoint.path, let header = request.headers[.authorization],
            header.lowercased().hasPrefix("bearer ")
        else {
            return try await next(request, context)
        }
        var context = context
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        context.bearerToken = token
        // Its own task: a session lookup stuck on a connection the server closed answers 503 (see LostConnection).
        let principal = try await LostConnection.abandoning { [sessions] in try await sessions.authenticate(token) }
        if principal?.enrolmentOnly == true, !Self.enrolmentPaths.contains(request.uri.path) { throw SecondFactors.enrolmentRequired }
        context.principal = principal
        return try await next(request, context)
    }
}
