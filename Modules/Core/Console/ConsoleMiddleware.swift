import Contract
import Foundation
import HTTPTypes
import Hummingbird

/// Serves the console's browsers on every path that is not the API's (`/api/…`, `/openapi.json`, health, metrics):
/// the `lang` cookie chooses the language over `Accept-Language`; the session cookie (the API's own session token, so
/// idle timeout, absolute lifetime and revocation are the API's) puts the caller on the request; every `POST` must
/// carry its form's CSRF token (`_csrf`; a `multipart/form-data` upload in its action's query) or is refused with a 403 page; errors are HTML pages (404 for unknown paths
/// and unreachable records, the sign-in page for a missing session) for a client that asks for HTML (`Accept:
/// text/html`, as browsers do), problem+json for any other; every answer carries the Content-Security-Policy.
public struct ConsoleMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext
    let console: Console

    /// No inline script or style, nothing from elsewhere, no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"

    static func serves(_ path: String) -> Bool {
        !(path.hasPrefix("/api/") || path == "/api" || ["/openapi.json", "/healthz", "/readyz", "/metrics"].contains(path))
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.serves(request.uri.path) else { return try await next(request, context) }
        var context = context
        var request = request
        if let chosen = Cookies.value(Cookies.language, in: request) { context.language = chosen == "en" ? .en : .zh }
        var response: Response
        do {
            if context.principal == nil, let token = Cookies.value(Cookies.session, in: request),
                let principal = try await console.sessions.authenticate(token)
            {
                context.principal = principal
                context.bearerToken = token
            }
            if context.principal?.enrolmentOnly == true, !Console.enrolmentPaths.contains(request.uri.path) {
                throw SecondFactors.enrolmentRequired
            }
            if request.method == .post {
                var sent = ""
                if FormBody.isMultipart(request) {
                    // An upload's body streams to its page: its token rides in the form's action (`?_csrf=`).
                    sent = FormBody.decode(request.uri.query)["_csrf"] ?? ""
                } else {
                    _ = try await request.collectBody(upTo: FormBody.limit)
                    sent = try await FormBody.values(of: request)["_csrf"] ?? ""
                }
                let expected = Console.formToken(request, bearerToken: context.bearerToken)
                guard !expected.isEmpty, Self.same(sent, expected) else { throw Self.csrfRefused }
            }
            response = try await next(request, context)
        } catch {
            // A browser gets a page; any other client (a script, the API's tests) the API's problem+json.
            guard Console.wantsPage(request) else { throw error }
            response = errorPage(error, request: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }

    /// Compares in time independent of where the two differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static let csrfRefused = Problem(
        kind: "csrf", status: 403, title: .init(zh: "表单已失效", en: "Form expired"),
        detail: .init(
            zh: "表单缺少或带有无效的防伪令牌, 未执行. 请返回, 刷新页面后重新提交",
            en: "the form's anti-forgery token is missing or invalid; nothing was done. Go back, reload the page and send it again"))

    static let pageNotFound = Problem(
        kind: "no-page", status: 404, title: .init(zh: "页面不存在", en: "Page not found"),
        detail: .init(zh: "没有这个页面, 或您无权查看它", en: "there is no such page, or it is outside your district scope"))

    /// The error as a page: no session → the sign-in page (303); 404, 403 and the rest in the layout.
    func errorPage(_ error: any Error, request: Request, context: Context) -> Response {
        var problem: Problem
        if let refusal = DatabaseRefusal.problem(for: error) {
            problem = refusal
        } else if let known = error as? Problem {
            problem = known
        } else if let convertible = error as? any ProblemConvertible {
            problem = convertible.problem
        } else if let http = error as? any HTTPResponseError, http.status == .notFound {
            problem = Self.pageNotFound
        } else if let http = error as? any HTTPResponseError, http.status.code < 500 {
            problem = Problem(
                kind: "http-\(http.status.code)", status: http.status.code, title: .init(zh: "请求错误", en: http.status.reasonPhrase),
                detail: .init(zh: "请求无法处理 (\(http.status.code))", en: http.status.reasonPhrase))
        } else {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            problem = Problem(
                kind: "internal", status: 500, title: .init(zh: "服务器内部错误", en: "Internal error"),
                detail: .init(
                    zh: "服务器内部错误, 已记录, 请求号 \(context.requestID)", en: "internal error; logged under request id \(context.requestID)"))
        }
        if problem.status == 401 && problem.kind == "unauthenticated" {
            return Console.redirect("/", cookies: [Cookies.setting(Cookies.session, "", secure: false, clear: true)])
        }
        if problem.kind == SecondFactors.enrolmentRequired.kind { return Console.redirect("/second-factor") }
        if problem.status == 404 && problem.kind != "no-page" { problem = Self.pageNotFound }
        let layout = Layout(
            language: context.language, principal: context.principal,
            navigation: console.navigation(for: context.principal, console.navigationGroups(console.pageGroups)),
            formToken: Console.formToken(request, bearerToken: context.bearerToken), path: request.uri.path)
        let content = HTML {
            HTML.element("p", ["class": "banner", "role": "alert"]) { layout.text(problem.detail) }
            HTML.element("p") {
                HTML.link(to: context.principal == nil ? "/" : "/home") { layout.text(.init(zh: "返回首页", en: "Back to the home page")) }
            }
            HTML.element("p", ["class": "muted"]) { layout.text(.init(zh: "请求号 ", en: "Request id ")) + context.requestID }
        }
        return Console.html(
            layout.document(title: problem.title, content), status: .init(code: problem.status), request: request,
            language: context.language)
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
