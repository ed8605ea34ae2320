import Contract
import Foundation
import Hummingbird

/// 登录 — the sign-in page at `/`, the sign-in and sign-out forms, the language switch and the two static files.
extension Console {
    static let username = QueryInput.text("username", "用户名", maxLength: 100)
    static let password = QueryInput.text("password", "密码", maxLength: 200)
    static let code = QueryInput.text("code", "动态口令 (6 位) 或恢复码", maxLength: 40)
    static let chosenLanguage = PathInput<Language>.custom("to", "zh 或 en", schema: ["type": "string", "enum": ["zh", "en"]]) { text in
        guard let language = Language(rawValue: text) else { throw ConsoleMiddleware.pageNotFound }
        return language
    }
    static let signInTitle = Localized(zh: "登录", en: "Sign in")

    var sessionEndpoints: [Endpoint] {
        [
            Endpoint(.get, "/", summary: Self.signInTitle, access: .open, response: .media("text/html", "登录页")) { request, call in
                if call.principal != nil { return Self.redirect("/home") }
                return signInPage(request, call)
            },
            Endpoint(
                .post, "/sign-in", summary: .init(zh: "登录 (表单)", en: "Sign in (form)"), access: .open,
                inputs: [Self.username, Self.password],
                response: .media("text/html", "成功则 303 到首页, 需要动态口令则口令页, 否则登录页及错误")
            ) { request, call in
                var call = call
                let values = try await FormBody.values(of: request)
                call.queryParameters = FormBody.parameters(values)
                return try await signIn(request, call, values)
            },
            Endpoint(
                .post, "/sign-in/code", summary: .init(zh: "登录第二步: 动态口令 (表单)", en: "Sign in, second step: the code (form)"),
                access: .open, inputs: [Self.code], response: .media("text/html", "成功则 303 到首页, 否则口令页或登录页及错误")
            ) { request, call in
                var call = call
                let values = try await FormBody.values(of: request)
                call.queryParameters = FormBody.parameters(values)
                return try await signInCode(request, call, values)
            },
            Endpoint(
                .post, "/sign-out", summary: .init(zh: "退出 (表单)", en: "Sign out (form)"), access: .signedIn,
                response: .media("text/html", "303 到登录页")
            ) { request, call in
                if let token = call.bearerToken { try await sessions.logout(token) }
                return Self.redirect(
                    "/", cookies: [Cookies.setting(Cookies.session, "", secure: overTLS(request, client: call.clientAddress), clear: true)])
            },
            Endpoint(
                .get, "/language/{to}", summary: .init(zh: "切换界面语言", en: "Switch the console's language"), access: .open,
                inputs: [Self.chosenLanguage], response: .media("text/html", "303 回到首页")
            ) { request, call in
                let language = try call.input(Self.chosenLanguage)
                let cookie = Cookies.setting(Cookies.language, language.rawValue, secure: overTLS(request, client: call.clientAddress))
                return Self.redirect(call.principal == nil ? "/" : "/home", cookies: [cookie])
            }
        ]
    }

    var assetEndpoints: [Endpoint] {
        [
            (Assets.stylesheetPath, "text/css; charset=utf-8", Assets.stylesheet),
            (Assets.scriptPath, "text/javascript; charset=utf-8", Assets.script)
        ]
        .map { path, mediaType, text in
            Endpoint(
                .get, path, summary: .init(zh: "工作台静态文件", en: "Console static file"), access: .open,
                response: .media(String(mediaType.prefix { $0 != ";" }), "工作台的样式表或脚本")
            ) { request, _ in
                var response = Self.bytes(Array(text.utf8), mediaType: mediaType, request: request)
                // Versioned path: a new release serves a new name, so a year's cache is safe.
                response.headers[.cacheControl] = "public, max-age=31536000, immutable"
                return response
            }
        }
    }

    /// The sign-in form; `problem` beside its field. `codeStep`: the second step, only the code field (the password
    /// stays on the server as a pending sign-in, `Sessions.beginSignIn`).
    func signInPage(
        _ request: Request, _ call: Call, values: [String: String] = [:], problem: Problem? = nil, status: HTTPResponse.Status = .ok,
        codeStep: Bool = false, cookies: [String] = []
    )
        -> Response
    {
        var cookies = cookies
        var token = Cookies.value(Cookies.signInToken, in: request) ?? ""
        if token.isEmpty {
            token = Sessions.randomFormToken()
            cookies.append(Cookies.setting(Cookies.signInToken, token, secure: overTLS(request, client: call.clientAddress)))
        }
        let page = PageCall(call: call, formToken: token, submitted: values, problem: problem)
        let layout = Layout(language: call.language, principal: nil, navigation: [], formToken: token, path: "/")
        let banner = problem.flatMap { $0.field == nil ? layout.text($0.detail) : nil }
        let content = HTML.element("section", ["class": "panel"]) {
            page.form(post: codeStep ? "/sign-in/code" : "/sign-in") {
                if codeStep {
                    page.field("code", label: .init(zh: "动态口令或恢复码", en: "Authenticator code or recovery code"), required: true)
                } else {
                    page.field("username", label: .init(zh: "用户名", en: "Username"), required: true)
                    page.field("password", label: .init(zh: "密码", en: "Password"), type: "password", required: true)
                }
                HTML.element("p") {
                    HTML.element("button", ["type": "submit", "class": "primary"]) { layout.text(Self.signInTitle) }
                }
            }
        }
        var response = Self.html(
            layout.document(title: Self.signInTitle, banner: banner, content), status: status, request: request, language: call.language)
        for cookie in cookies { response.headers.append(.init(name: .setCookie, value: cookie)) }
        return response
    }

    /// Signs in through the API's sessions (same throttle, lockout, second factor and audit as `POST /api/v1/auth/login`)
    /// and puts the session's token in an HttpOnly, SameSite=Strict cookie; an account with a second factor gets the
    /// code step, its pending sign-in in the HttpOnly `tonghu_pending` cookie.
    func signIn(_ request: Request, _ call: Call, _ values: [String: String]) async throws -> Response {
        let username: String
        let password: String
        do {
            (username, password) = (try call.input(Self.username), try call.input(Self.password))
        } catch let problem as Problem {
            return signInPage(request, call, values: values, problem: problem, status: .unprocessableContent)
        }
        // The password is not shown again, whatever happens.
        let shown = values.filter { $0.key != "password" }
        return try await answer(request, call, username: username, shown) {
            try await sessions.beginSignIn(username: username, password: password, client: call.clientAddress)
        }
    }

    /// The code step: the pending sign-in of the `tonghu_pending` cookie and the code sent.
    func signInCode(_ request: Request, _ call: Call, _ values: [String: String]) async throws -> Response {
        let secure = overTLS(request, client: call.clientAddress)
        let code: String
        do {
            code = try call.input(Self.code)
        } catch let problem as Problem {
            return signInPage(request, call, values: values, problem: problem, status: .unprocessableContent, codeStep: true)
        }
        let pending = Cookies.value(Cookies.pendingSignIn, in: request) ?? ""
        do {
            return try await answer(request, call, username: nil, values) {
                try await sessions.finishSignIn(pendingToken: pending, code: code, client: call.clientAddress)
            }
        } catch let expired as Problem where expired.kind == "sign-in-expired" {
            return signInPage(
                request, call, problem: expired, status: .unauthorized,
                cookies: [Cookies.setting(Cookies.pendingSignIn, "", secure: secure, clear: true)])
        }
    }

    /// The answer to a sign-in step: the session cookie and 303 to the home page, the code step, or the form again
    /// with the refusal; each outcome audited as the API's `login`.
    func answer(
        _ request: Request, _ call: Call, username: String?, _ values: [String: String], step: () async throws -> Sessions.SignInStep
    ) async throws -> Response {
        let secure = overTLS(request, client: call.clientAddress)
        let actor = username ?? "(pending sign-in)"
        do {
            let (issued, username): (Sessions.Issued, String)
            switch try await step() {
            case let .codeNeeded(pendingToken, pendingUser, refused):
                if let refused {
                    call.context.auditReads.append(
                        AuditEntry(
                            actor: pendingUser, action: "login", programme: "core", outcome: "denied", requestID: call.requestID,
                            clientAddress: call.clientAddress))
                }
                return signInPage(
                    request, call, problem: refused, status: refused == nil ? .ok : .unauthorized, codeStep: true,
                    cookies: [Cookies.setting(Cookies.pendingSignIn, pendingToken, secure: secure)])
            case let .signedIn(signedIn, user): (issued, username) = (signedIn, user)
            }
            try await call.context.database.transaction(settings: AuditLog.attribution(actor: username, request: call.requestID)) {
                connection in
                try await call.context.audit.record(
                    AuditEntry(
                        actor: username, action: "login", programme: "core", entity: "user", entityID: issued.userID.uuidString,
                        requestID: call.requestID, clientAddress: call.clientAddress), on: connection)
            }
            return Self.redirect(
                issued.enrolmentOnly ? "/second-factor" : "/home",
                cookies: [
                    Cookies.setting(Cookies.session, issued.token, secure: secure),
                    Cookies.setting(Cookies.signInToken, "", secure: secure, clear: true),
                    Cookies.setting(Cookies.pendingSignIn, "", secure: secure, clear: true)
                ])
        } catch let throttled as LoginThrottled {
            call.context.auditReads.append(
                AuditEntry(
                    actor: actor, action: "login", programme: "core", outcome: "throttled", requestID: call.requestID,
                    clientAddress: call.clientAddress))
            var response = signInPage(request, call, values: values, problem: throttled.problem, status: .tooManyRequests)
            response.headers[.retryAfter] = String(throttled.retryAfter)
            return response
        } catch let problem as Problem where problem.status == 401 && problem.kind != "sign-in-expired" {
            call.context.auditReads.append(
                AuditEntry(
                    actor: actor, action: "login", programme: "core", outcome: "denied", requestID: call.requestID,
                    clientAddress: call.clientAddress))
            return signInPage(request, call, values: values, problem: problem, status: .unauthorized)
        }
    }
}
