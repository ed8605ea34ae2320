import Contract
import Foundation
import Hummingbird

/// 用户与授权 — the administrators' users pages: the accounts holding a grant in the administrator's scope, a new
/// account with its first grant, granting and revoking a role in a district, locking (停用) and unlocking an account.
/// The rules are `Users`' (the `tonghu user …` commands'): username and password rules, a role that exists, a district
/// in force; on top of them the administrator's scope for `core.user.manage`: a grant only in a district of it, a
/// lock only of an account whose every grant lies in it, never of oneself. Every change is audited (`user.…`), and this
/// gateway stops trusting the account's cached sessions at once (a lock ends them; a grant or revoke applies next request).
extension Console {
    static let usersTitle = Localized(zh: "用户与授权", en: "Users and grants")
    static let accountTitle = Localized(zh: "用户", en: "User")

    static let account = PathInput<String>.custom("username", "用户名", schema: ["type": "string", "maxLength": 64]) { text in
        guard text.range(of: #"^[A-Za-z0-9_.\-]{2,64}$"#, options: .regularExpression) != nil else {
            throw Problem.notFound(accountTitle)
        }
        return text
    }
    static let newUsername = QueryInput.text("username", "用户名: 字母、数字和 _ . -, 2 到 64 个字符", maxLength: 64)
    static let displayName = QueryInput.text("displayName", "姓名", maxLength: 100)
    static let newPassword = QueryInput.text("password", "初始密码: 至少 12 个字符, 不含用户名, 不是常见密码", maxLength: 200)
    static let role = QueryInput.text("role", "角色, 如 registry.director", maxLength: 100)
    static let grantDistrict = QueryInput.district("district", "授权区划 (12 位区划代码, 含全部下级)", scoped: false)

    var userPages: [Page] {
        let manage = Endpoint.Access.permission(CorePermissions.userManage)
        // The account page, also the page a refused grant form is shown again on.
        let showAccount: @Sendable (Request, PageCall) async throws -> PageResult = { _, page in
            .content(try await accountPage(page, try page.call.input(Self.account)))
        }
        return [
            Page(
                .get, "/users", title: Self.usersTitle, access: .permission(CorePermissions.userRead),
                navigation: .init(.init(zh: "用户与授权", en: "Users"), order: 20)
            ) { _, page in
                .content(try await usersPage(page))
            },
            Page(
                .get, "/users/new", title: .init(zh: "新增用户", en: "New user"), access: manage
            ) { _, page in
                .content(newUserForm(page))
            },
            Page(
                .post, "/users/new", title: .init(zh: "新增用户", en: "New user"), access: manage,
                inputs: [Self.newUsername, Self.displayName, Self.newPassword, Self.role, Self.grantDistrict]
            ) { _, page in
                let username = try page.call.input(Self.newUsername)
                let (role, district) = try await grantable(page)
                try await users.add(
                    username, displayName: try page.call.input(Self.displayName), password: try page.call.input(Self.newPassword))
                try await users.grant(username, role: role, district: district)
                try await page.call.transaction { connection in
                    try await page.call.audit("user.add", entity: "user", entityID: username, on: connection)
                    try await page.call.audit("user.grant", entity: "user", entityID: "\(username) \(role)@\(district)", on: connection)
                }
                return .redirect("/users/\(username)")
            },
            Page(.get, "/users/{username}", title: Self.accountTitle, access: manage, inputs: [Self.account], handler: showAccount),
            Page(.get, "/users/{username}/grants", title: Self.accountTitle, access: manage, inputs: [Self.account], handler: showAccount),
            Page(
                .post, "/users/{username}/grants", title: Self.accountTitle, access: manage,
                inputs: [Self.account, Self.role, Self.grantDistrict]
            ) { _, page in
                let account = try await managed(page, try page.call.input(Self.account), wholly: false)
                let (role, district) = try await grantable(page)
                try await users.grant(account.username, role: role, district: district)
                sessions.forgetSessions(of: account.username)
                try await page.call.transaction { connection in
                    try await page.call.audit(
                        "user.grant", entity: "user", entityID: "\(account.username) \(role)@\(district)", on: connection)
                }
                return .redirect("/users/\(account.username)")
            },
            Page(
                .post, "/users/{username}/revoke", title: Self.accountTitle, access: manage,
                inputs: [Self.account, Self.role, Self.grantDistrict]
            ) { _, page in
                let account = try await managed(page, try page.call.input(Self.account), wholly: false)
                let (role, district) = (
                    try page.call.input(Self.role), try page.call.requireInScope(try page.call.input(Self.grantDistrict))
                )
                try await users.revoke(account.username, role: role, district: district)
                sessions.forgetSessions(of: account.username)
                try await page.call.transaction { connection in
                    try await page.call.audit(
                        "user.revoke", entity: "user", entityID: "\(account.username) \(role)@\(district)", on: connection)
                }
                return .redirect("/users/\(account.username)")
            },
            Page(.post, "/users/{username}/lock", title: Self.accountTitle, access: manage, inputs: [Self.account]) { _, page in
                let account = try await managed(page, try page.call.input(Self.account), wholly: true)
                guard account.username != page.call.actor else {
                    throw Problem.conflict("不能停用自己的账号", "you cannot lock your own account")
                }
                try await users.disable(account.username)
                sessions.forgetSessions(of: account.username)
                try await page.call.transaction {
                    try await page.call.audit("user.lock", entity: "user", entityID: account.username, on: $0)
                }
                return .redirect("/users/\(account.username)")
            },
            Page(.post, "/users/{username}/unlock", title: Self.accountTitle, access: manage, inputs: [Self.account]) { _, page in
                let account = try await managed(page, try page.call.input(Self.account), wholly: true)
                try await users.enable(account.username)
                try await page.call.transaction {
                    try await page.call.audit("user.unlock", entity: "user", entityID: account.username, on: $0)
                }
                return .redirect("/users/\(account.username)")
            }
        ]
    }

    /// The role and district of a grant form: a role that exists, a district in force inside the caller's scope.
    func grantable(_ page: PageCall) async throws -> (String, DistrictCode) {
        let role = try page.call.input(Self.role)
        guard context.roles.roles[role] != nil else {
            throw Problem.invalid("role", "角色 \(role) 不存在", "unknown role \(role)")
        }
        let district = try page.call.input(Self.grantDistrict)
        guard page.call.scope.contains(district) else {
            throw Problem.invalid("district", "区划 \(district) 不在您的管辖范围内", "district \(district) is outside your scope")
        }
        guard try await context.districts.find(district) != nil else {
            throw Problem.invalid("district", "区划 \(district) 不存在或已撤销", "district \(district) does not exist")
        }
        return (role, district)
    }

    /// The account `username` if the caller may administer it: it holds a grant in the caller's scope (else 404), and
    /// for `wholly` every grant of it lies there (else 403: an administrator above must act).
    func managed(_ page: PageCall, _ username: String, wholly: Bool) async throws -> Users.Account {
        guard let account = try await users.list().first(where: { $0.username == username }),
            account.grants.contains(where: { page.call.scope.contains($0.district) })
        else { throw Problem.notFound(Self.accountTitle) }
        if wholly, let outside = account.grants.first(where: { !page.call.scope.contains($0.district) }) {
            throw Problem(
                kind: "outside-scope", status: 403, title: .init(zh: "超出管辖范围", en: "Outside your scope"),
                detail: .init(
                    zh: "该用户在您管辖范围之外 (\(outside.district)) 也有授权, 请由上级管理员操作",
                    en: "this user also holds a grant outside your scope (\(outside.district)); an administrator above you must act"))
        }
        return account
    }

    func roleTitle(_ page: PageCall, _ role: String) -> String {
        page.text(context.roles.roles[role]?.title ?? .init(zh: role, en: role))
    }

    /// The accounts holding a grant inside the administrator's scope, with those grants; a link to add one.
    func usersPage(_ page: PageCall) async throws -> HTML {
        let accounts = try await users.list().filter { $0.grants.contains { page.call.scope.contains($0.district) } }
        let manages = !(page.call.principal?.scope(for: CorePermissions.userManage, in: context.roles).isEmpty ?? true)
        return HTML {
            if manages {
                HTML.element("p") { HTML.link(to: "/users/new", ["class": "button"]) { page.text(.init(zh: "新增用户", en: "New user")) } }
            }
            page.table([
                Localized(zh: "用户名", en: "Username"), .init(zh: "姓名", en: "Name"), .init(zh: "状态", en: "Status"),
                .init(zh: "授权", en: "Grants")
            ]) {
                for account in accounts {
                    HTML.element("tr") {
                        HTML.element("td") {
                            if manages { HTML.link(to: "/users/\(account.username)") { account.username } } else { account.username }
                        }
                        HTML.element("td") { account.displayName }
                        HTML.element("td") { page.text(Self.status(account)) }
                        HTML.element("td") {
                            HTML.element("ul") {
                                for grant in account.grants where page.call.scope.contains(grant.district) {
                                    HTML.element("li") { roleTitle(page, grant.role) + " · " + grant.district.description }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func status(_ account: Users.Account) -> Localized {
        account.disabled ? .init(zh: "已停用", en: "Locked") : .init(zh: "启用", en: "Active")
    }

    /// A `<select>` of the roles of the enabled programmes.
    func roleChoice(_ page: PageCall) -> HTML {
        page.choice(
            "role", label: .init(zh: "角色", en: "Role"),
            context.roles.roles.keys.sorted().map { name in
                (name, Localized(zh: roleTitle(page, name) + " (" + name + ")", en: roleTitle(page, name) + " (" + name + ")"))
            })
    }

    func newUserForm(_ page: PageCall) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            page.form(post: "/users/new") {
                page.field("username", label: .init(zh: "用户名", en: "Username"), required: true)
                page.field("displayName", label: .init(zh: "姓名", en: "Name"), required: true)
                page.field(
                    "password", label: .init(zh: "初始密码 (至少 12 个字符)", en: "Initial password (12 characters or more)"), type: "password",
                    required: true)
                roleChoice(page)
                page.field("district", label: .init(zh: "授权区划代码", en: "District code of the grant"), required: true)
                HTML.element("p") {
                    HTML.element("button", ["type": "submit", "class": "primary"]) {
                        page.text(.init(zh: "新增用户并授权", en: "Create and grant"))
                    }
                }
            }
        }
    }

    /// One account: its state with the lock or unlock button, its grants in scope each with a revoke button, and the
    /// form that grants another role.
    func accountPage(_ page: PageCall, _ username: String) async throws -> HTML {
        let account = try await managed(page, username, wholly: false)
        let names = try await districtNames(account.grants.map(\.district))
        let base = "/users/\(account.username)"
        return HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { account.username + " · " + account.displayName }
                HTML.element("p") { page.text(.init(zh: "状态: ", en: "Status: ")) + page.text(Self.status(account)) }
                if account.username != page.call.actor {
                    page.form(post: base + (account.disabled ? "/unlock" : "/lock")) {
                        HTML.element("button", ["type": "submit"]) {
                            page.text(
                                account.disabled
                                    ? .init(zh: "解除停用", en: "Unlock") : .init(zh: "停用 (立即结束其全部会话)", en: "Lock (ends all its sessions now)"))
                        }
                    }
                }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "授权", en: "Grants")) }
                HTML.element("ul") {
                    for grant in account.grants where page.call.scope.contains(grant.district) {
                        HTML.element("li") {
                            roleTitle(page, grant.role) + " · " + (names[grant.district] ?? "") + " " + grant.district.description + " "
                            page.form(post: base + "/revoke") {
                                HTML.void("input", ["type": "hidden", "name": "role", "value": grant.role])
                                HTML.void("input", ["type": "hidden", "name": "district", "value": grant.district.description])
                                HTML.element("button", ["type": "submit"]) { page.text(.init(zh: "收回", en: "Revoke")) }
                            }
                        }
                    }
                }
                HTML.element("h3") { page.text(.init(zh: "授予角色", en: "Grant a role")) }
                page.form(post: base + "/grants") {
                    roleChoice(page)
                    page.field("district", label: .init(zh: "区划代码 (含全部下级)", en: "District code (and all below)"), required: true)
                    HTML.element("p") {
                        HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "授予", en: "Grant")) }
                    }
                }
            }
            HTML.element("p") { HTML.link(to: "/users") { page.text(Self.usersTitle) } }
        }
    }
}
