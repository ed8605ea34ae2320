import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id (a sane incoming `X-Request-Id` is kept), its language, and puts both on the response
/// and in the request's log metadata.
public struct RequestMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let incoming = request.headers[.requestID]
        context.requestID =
            incoming.flatMap { $0.count <= 64 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? $0 : nil }
            ?? UUID().uuidString
        context.language = Language(acceptLanguage: request.headers[.acceptLanguage])
        context.logger[metadataKey: "request"] = .string(context.requestID)
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }
}

extension HTTPField.Name {
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
