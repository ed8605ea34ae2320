import Database
import Foundation
import Hummingbird
import Logging
import Vocabulary

/// Turns every error into `application/problem+json`: domain problems as they are, Hummingbird's HTTP errors
/// (413, 404 of unknown routes) with a stable type, JSON decoding errors as 400 naming the field, the database's
/// refusals as `DatabaseRefusal` maps them (403, 409, 422, 503), anything else
/// as a 500 whose detail is logged but not shown.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.problem(for: error, context: context).response(language: context.language, instance: context.requestID)
        }
    }

    /// The problem `error` is answered with.
    package static func problem(for error: any Error, context: Context) -> Problem {
        if let refusal = DatabaseRefusal.problem(for: error) { return refusal }
        switch error {
        case let problem as Problem:
            return problem
        case let convertible as any ProblemConvertible:
            return convertible.problem
        case let decoding as DecodingError:
            return decodingProblem(decoding)
        case let http as any HTTPResponseError where http.status == .contentTooLarge:
            return Problem(
                kind: "payload-too-large", status: 413, title: .init(zh: "请求体过大", en: "Payload too large"),
                detail: .init(zh: "请求体超过 \(context.maxUploadSize / 1024) KB 上限", en: "the body exceeds \(context.maxUploadSize / 1024) KB"))
        case let http as any HTTPResponseError where http.status == .notFound:
            return Problem(
                kind: "no-route", status: 404, title: .init(zh: "未找到", en: "Not found"),
                detail: .init(zh: "本部署没有这个接口", en: "this deployment serves no such route"))
        case let http as any HTTPResponseError where http.status.code < 500:
            return Problem(
                kind: "http-\(http.status.code)", status: http.status.code, title: .init(zh: "请求错误", en: http.status.reasonPhrase),
                detail: .init(zh: "请求无法处理 (\(http.status.code))", en: http.status.reasonPhrase))
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(
                kind: "internal", status: 500, title: .init(zh: "服务器内部错误", en: "Internal error"),
                detail: .init(
                    zh: "服务器内部错误, 已记录, 请求号 \(context.requestID)", en: "internal error; logged under request id \(context.requestID)"))
        }
    }

    public static func decodingProblem(_ error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            let field = path(context.codingPath + [key])
            return .invalid(field, "缺少字段 \(field)", "missing field \(field)")
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let field = path(context.codingPath)
            return .invalid(field, "字段 \(field) 的类型不对", "field \(field) has the wrong type")
        case let .dataCorrupted(context) where !context.codingPath.isEmpty:
            let field = path(context.codingPath)
            return .invalid(
                field, "字段 \(field) 的值无效: \(context.debugDescription)", "field \(field) is invalid: \(context.debugDescription)")
        default:
            return .malformed("请求体不是有效的 JSON", "the body is not valid JSON")
        }
    }
}
