import Contract
import Foundation
import HTTPTypes
import Hummingbird

/// 工作台 — the web console: server-rendered pages under `/` for the people who do the work in a browser (a county
/// officer, a township supervisor, a village director on a phone). The core's pages (sign-in, home, district tree,
/// users, audit log) and every enabled programme's ``Page``s become ``Endpoint``s, so they pass the gateway's one
/// access check, district scope and audit, and appear in `/openapi.json` as `text/html`. ``ConsoleMiddleware`` puts
/// the browser's cookie session on the request, checks each form's CSRF token and answers errors as HTML pages.
public struct Console: Sendable {
    let sessions: Sessions
    let users: Users
    let context: ProgrammeContext
    let programmes: [any Programme]
    /// Addresses of reverse proxies whose `X-Forwarded-Proto: https` makes the cookies `Secure`.
    let trustedProxies: Set<String>

    public init(sessions: Sessions, users: Users, context: ProgrammeContext, programmes: [any Programme], trustedProxies: Set<String> = [])
    {
        self.sessions = sessions
        self.users = users
        self.context = context
        self.programmes = programmes
        self.trustedProxies = trustedProxies
    }

    /// The console's endpoints by prefix: the core's at `/`, each programme's pages at `/<id>`.
    public var mounts: [(programme: String, prefix: String, endpoints: [Endpoint])] {
        let groups = pageGroups
        let navigation = navigationGroups(groups)
        return [("core", "", sessionEndpoints + assetEndpoints)]
            + groups.map { group in
                (group.programme, group.prefix, group.pages.map { endpoint($0, in: group, all: group.pages, navigation: navigation) })
            }
    }

    /// The middleware that serves the console's browsers; mounted after the API's authentication.
    public var middleware: ConsoleMiddleware { ConsoleMiddleware(console: self) }

    struct PageGroup {
        let programme: String
        let prefix: String
        let title: Localized
        let pages: [Page]
        let panels: [HomePanel]
    }

    var pageGroups: [PageGroup] {
        [PageGroup(programme: "core", prefix: "", title: Self.coreTitle, pages: corePages, panels: [])]
            + programmes.map { programme in
                let id = type(of: programme).id
                return PageGroup(
                    programme: id, prefix: "/" + id, title: type(of: programme).title, pages: programme.pages(context),
                    panels: programme.panels(context))
            }
    }

    static let coreTitle = Localized(zh: "工作台", en: "Console")

    func navigationGroups(_ groups: [PageGroup]) -> [NavigationGroup] {
        groups.compactMap { group in
            let entries = group.pages.compactMap { page -> NavigationEntry? in
                guard page.method == .get, let navigation = page.navigation, !page.path.contains("{") else { return nil }
                return NavigationEntry(
                    label: navigation.label, href: group.prefix + page.path, access: page.access, order: navigation.order)
            }
            .sorted { $0.order < $1.order }
            return entries.isEmpty ? nil : NavigationGroup(title: group.title, entries: entries)
        }
    }

    /// The navigation `principal` may use: only entries whose permission one of their roles grants somewhere, only
    /// groups with an entry left.
    func navigation(for principal: Principal?, _ groups: [NavigationGroup]) -> [NavigationGroup] {
        guard let principal else { return [] }
        return groups.compactMap { group in
            let entries = group.entries.filter { entry in
                switch entry.access {
                case .open, .signedIn: true
                case let .permission(permission): !principal.scope(for: permission, in: context.roles).isEmpty
                }
            }
            return entries.isEmpty ? nil : NavigationGroup(title: group.title, entries: entries)
        }
    }

    /// The form token of this request: derived from the session, or the sign-in form's cookie before there is one.
    static func formToken(_ request: Request, bearerToken: String?) -> String {
        if let bearerToken { return Sessions.formToken(for: bearerToken) }
        return Cookies.value(Cookies.signInToken, in: request) ?? ""
    }

    /// Whether the client asks for HTML (`Accept: text/html`, as a browser's navigations and forms do): refusals are
    /// then pages, else the API's problem+json.
    static func wantsPage(_ request: Request) -> Bool {
        request.headers[values: .accept].contains { $0.lowercased().contains("text/html") }
    }

    /// Whether the request reached the gateway over TLS, as a trusted proxy says (the gateway itself speaks HTTP).
    func overTLS(_ request: Request, client: String?) -> Bool {
        guard let client, trustedProxies.contains(client) else { return false }
        return request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    /// `page` as an endpoint: form values read as its inputs, the answer laid out, a refused form shown again.
    func endpoint(_ page: Page, in group: PageGroup, all pages: [Page], navigation: [NavigationGroup]) -> Endpoint {
        let form = pages.first { $0.method == .get && $0.path == page.path }
        return Endpoint(
            page.method, page.path, summary: page.title, access: page.access, inputs: page.inputs,
            response: .media("text/html", "工作台页面: " + page.title.zh)
        ) { request, call in
            var call = call
            var submitted: [String: String] = [:]
            if page.method == .post && !FormBody.isMultipart(request) {
                submitted = try await FormBody.values(of: request)
                call.queryParameters = FormBody.parameters(submitted)
            } else {
                call.queryParameters = FormBody.parameters(FormBody.decode(request.uri.query))
            }
            let token = Self.formToken(request, bearerToken: call.bearerToken)
            let layout = Layout(
                language: call.language, principal: call.principal, navigation: self.navigation(for: call.principal, navigation),
                formToken: token, path: request.uri.path)
            do {
                let result = try await page.handler(request, PageCall(call: call, formToken: token))
                return try render(result, title: page.title, layout: layout, request: request)
            } catch let problem as Problem
                where Self.wantsPage(request) && (problem.status == 422 || (page.method == .post && problem.status == 409))
            {
                // The form again — the page's own for a GET, the GET page of the same path after a POST — filled with
                // what was sent, the refusal beside its field (a refused GET field is left out so the page can render).
                guard let form = page.method == .get ? page : form else { throw problem }
                var query = FormBody.decode(request.uri.query)
                if page.method == .get, let field = problem.field { query[field] = nil }
                call.queryParameters = FormBody.parameters(query)
                call.declaredInputs = Set(form.inputs.map(\.declaration.key))
                let shown = page.method == .get ? FormBody.decode(request.uri.query) : submitted
                let again = try await form.handler(request, PageCall(call: call, formToken: token, submitted: shown, problem: problem))
                var response = try render(
                    again, title: form.title, layout: layout, request: request,
                    banner: problem.field == nil ? layout.text(problem.detail) : nil)
                response.status = .init(code: problem.status)
                return response
            }
        }
    }

    func render(_ result: PageResult, title: Localized, layout: Layout, request: Request, banner: String? = nil) throws -> Response {
        switch result {
        case let .content(content):
            return Self.html(layout.document(title: title, banner: banner, content), request: request, language: layout.language)
        case let .redirect(path):
            return Self.redirect(path)
        case let .response(response):
            return response
        case let .file(mediaType, name, bytes):
            var response = Self.bytes(bytes, mediaType: mediaType, request: request)
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export"
            response.headers[.contentDisposition] = "attachment; filename=\"export\"; filename*=UTF-8''\(encoded)"
            return response
        }
    }

    /// A page: UTF-8 HTML, never cached (it holds a person's data), gzip-compressed when the client takes it.
    static func html(_ document: HTML, status: HTTPResponse.Status = .ok, request: Request, language: Language) -> Response {
        var response = bytes(Array(document.markup.utf8), mediaType: "text/html; charset=utf-8", status: status, request: request)
        response.headers[.contentLanguage] = language == .en ? "en" : "zh-CN"
        return response
    }

    static func bytes(_ bytes: [UInt8], mediaType: String, status: HTTPResponse.Status = .ok, request: Request) -> Response {
        var headers: HTTPFields = [.contentType: mediaType, .cacheControl: "no-store", .vary: "Accept-Encoding, Cookie"]
        var body = bytes
        if Gzip.accepted(request.headers[.acceptEncoding]), let compressed = Gzip.compress(bytes) {
            headers[.contentEncoding] = "gzip"
            body = compressed
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// 303 to a path of this site.
    static func redirect(_ path: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: path.hasPrefix("/") && !path.hasPrefix("//") ? path : "/"]
        for cookie in cookies { headers.append(.init(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
