import Contract
import Foundation
import Hummingbird

/// 绑定动态口令 — the signed-in user's second-factor enrolment in the browser, on the same `Sessions` calls and audit
/// as `POST /api/v1/auth/second-factor/enrol` and `confirm`: start (the secret and its `otpauth://` link shown as text,
/// to type or paste into an authenticator app), confirm with a code (a wrong one shown beside the field), then the
/// ten recovery codes, shown once. A session that may only enrol (a privileged role without a factor) is sent here.
extension Console {
    static let secondFactorTitle = Localized(zh: "双因素认证", en: "Second factor")
    static let confirmationCode = QueryInput.text("code", "验证器应用显示的 6 位动态口令", maxLength: 40)
    /// What a session that may only enrol may open, with the pages' style and script (anything else sends its browser
    /// to `/second-factor`).
    static let enrolmentPaths: Set<String> = [
        "/second-factor", "/second-factor/confirm", "/sign-out", Assets.stylesheetPath, Assets.scriptPath
    ]

    var secondFactorPages: [Page] {
        [
            Page(
                .get, "/second-factor", title: Self.secondFactorTitle, access: .signedIn,
                navigation: .init(Self.secondFactorTitle, order: 90)
            ) { _, page in
                .content(secondFactorStart(page))
            },
            Page(.post, "/second-factor", title: Self.secondFactorTitle, access: .signedIn) { _, page in
                let caller = try Self.caller(page)
                let enrolment = try await page.call.transaction { connection in
                    let enrolment = try await sessions.enrolSecondFactor(caller, on: connection)
                    try await page.call.audit("second-factor.enrol", entity: "user", entityID: caller.userID.uuidString, on: connection)
                    return enrolment
                }
                return .content(secondFactorSecret(page, enrolment))
            },
            Page(.get, "/second-factor/confirm", title: Self.secondFactorTitle, access: .signedIn) { _, page in
                .content(confirmationForm(page))
            },
            Page(.post, "/second-factor/confirm", title: Self.secondFactorTitle, access: .signedIn, inputs: [Self.confirmationCode]) {
                _, page in
                let caller = try Self.caller(page)
                let code = try page.call.input(Self.confirmationCode)
                guard let token = page.call.bearerToken else { throw Problem.unauthenticated }
                let codes = try await page.call.transaction { connection in
                    let codes = try await sessions.confirmSecondFactor(caller, code: code, token: token, on: connection)
                    try await page.call.audit("second-factor.confirm", entity: "user", entityID: caller.userID.uuidString, on: connection)
                    return codes
                }
                return .content(recoveryCodes(page, codes))
            }
        ]
    }

    static func caller(_ page: PageCall) throws -> Principal {
        guard let principal = page.call.principal else { throw Problem.unauthenticated }
        return principal
    }

    func secondFactorStart(_ page: PageCall) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            if page.call.principal?.enrolmentOnly == true {
                HTML.element("p", ["class": "banner", "role": "alert"]) {
                    page.text(
                        .init(
                            zh: "您的角色要求双因素登录: 绑定验证器应用后才能使用工作台。",
                            en: "Your role needs a second factor: enrol an authenticator app to use the console."))
                }
            }
            HTML.element("p") {
                page.text(
                    .init(
                        zh: "用手机上的验证器应用 (支持 TOTP 的任一应用) 绑定后, 登录时除密码外还需输入它显示的 6 位动态口令。已绑定的用户更换手机须由管理员重置。",
                        en: "Once an authenticator app (any TOTP app) is enrolled, signing in also asks for the 6-digit code it shows. "
                            + "To move to a new phone once enrolled, ask an administrator to reset it."))
            }
            page.form(post: "/second-factor") {
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "开始绑定", en: "Start enrolling")) }
            }
        }
    }

    /// The new secret, as text and as the `otpauth://` link, with the form that confirms it.
    func secondFactorSecret(_ page: PageCall, _ enrolment: Enrolment) -> HTML {
        HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("p") {
                    page.text(
                        .init(
                            zh: "在验证器应用中选择“输入密钥”, 输入下面的密钥 (基于时间, 30 秒, 6 位); 或把链接粘贴到支持它的应用中。密钥只显示这一次。",
                            en: "In the authenticator app choose “enter a setup key” and type the key below (time-based, 30 s, 6 digits), "
                                + "or paste the link into an app that takes it. The key is shown only now."))
                }
                HTML.element("dl") {
                    HTML.element("dt") { page.text(.init(zh: "密钥", en: "Key")) }
                    HTML.element("dd") { HTML.element("code", ["id": "second-factor-secret"]) { enrolment.secret } }
                    HTML.element("dt") { page.text(.init(zh: "链接", en: "Link")) }
                    HTML.element("dd") { HTML.element("code", ["id": "second-factor-uri"]) { enrolment.uri } }
                }
            }
            confirmationForm(page)
        }
    }

    func confirmationForm(_ page: PageCall) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            page.form(post: "/second-factor/confirm") {
                page.field("code", label: .init(zh: "验证器应用显示的 6 位动态口令", en: "The 6-digit code the app shows"), required: true)
                HTML.element("p") {
                    HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "确认绑定", en: "Confirm")) }
                }
            }
            HTML.element("p") { HTML.link(to: "/second-factor") { page.text(.init(zh: "重新开始", en: "Start again")) } }
        }
    }

    /// The recovery codes, shown once: each signs in once instead of a code when the phone is lost.
    func recoveryCodes(_ page: PageCall, _ codes: [String]) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            HTML.element("p", ["class": "banner"]) {
                page.text(
                    .init(
                        zh: "已绑定。下面 10 个恢复码只显示这一次: 请抄写或打印后妥善保管, 手机丢失时每个可代替动态口令登录一次。",
                        en: "Enrolled. These 10 recovery codes are shown only now: write them down or print them; "
                            + "each signs you in once instead of a code if the phone is lost."))
            }
            HTML.element("ol", ["id": "recovery-codes"]) {
                for code in codes { HTML.element("li") { HTML.element("code") { code } } }
            }
            HTML.element("p") { HTML.link(to: "/home") { page.text(Self.homeTitle) } }
        }
    }
}
