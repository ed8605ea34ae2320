import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id and its language, and puts the id on the response and in the request's log metadata:
/// a sane incoming `X-Request-Id` is kept (logged as `request`), otherwise the id Hummingbird already logs the
/// request under (`hb.request.id`: a random per-process prefix and a counter) is used — no second id, no second
/// copy of the log metadata.
public struct RequestMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let incoming = request.headers[.requestID], incoming.count <= 64,
            incoming.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        {
            context.requestID = incoming
            context.logger[metadataKey: "request"] = .string(incoming)
        } else {
            context.requestID = context.logger[metadataKey: "hb.request.id"]?.description ?? UUID().uuidString
        }
        if let acceptLanguage = request.headers[.acceptLanguage] { context.language = Language(acceptLanguage: acceptLanguage) }
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }
}

extension HTTPField.Name {
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
