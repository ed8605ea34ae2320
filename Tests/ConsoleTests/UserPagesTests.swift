import Contract
import Foundation
import TestSupport
import Testing

/// The users pages (用户与授权) as administrators use them in a browser: a new account with its first grant, a grant
/// and a revoke, a lock and an unlock, each audited; refused forms shown with the message beside the field; and a
/// township's administrator who can neither see nor touch the accounts of the sibling township.
@Suite("工作台用户与授权 console users pages")
struct UserPagesTests {
    static let password = "sea-otter-kelp-forest"

    @Test("an administrator creates an account with a grant, grants and revokes a role, locks and unlocks it; each change audited")
    func administerAnAccount() async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            try await test.withClient { client in
                var admin = FormBrowser(client: client)
                let home = try await admin.signIn("admin")
                #expect(home.text.contains(#"href="/users""#))
                #expect(try await admin.get("/users").text.contains(#"href="/users/new""#))
                let created = try await admin.submit(
                    "/users/new", to: "/users/new",
                    [
                        ("username", "lujia"), ("displayName", "陆佳"), ("password", Self.password), ("role", "core.auditor"),
                        ("district", TestPlatform.townshipA.description)
                    ])
                #expect(created.status == .seeOther && created.headers[.location] == "/users/lujia")
                let account = try await admin.get("/users/lujia")
                #expect(account.status == .ok)
                #expect(account.text.contains("陆佳") && account.text.contains("审计员") && account.text.contains("湖塘镇"))
                #expect(try await admin.get("/users").text.contains("lujia"))

                var lujia = FormBrowser(client: client)
                #expect(try await lujia.signIn("lujia", Self.password).text.contains("审计员"), "the new account signs in")

                let granted = try await admin.submit(
                    "/users/lujia", to: "/users/lujia/grants", [("role", "core.registrar"), ("district", TestPlatform.villageA.description)]
                )
                #expect(granted.status == .seeOther)
                #expect(try await admin.get("/users/lujia").text.contains("儿童信息登记员 · 马杭村"))
                let revoked = try await admin.submit(
                    "/users/lujia", to: "/users/lujia/revoke", [("role", "core.registrar"), ("district", TestPlatform.villageA.description)]
                )
                #expect(revoked.status == .seeOther)
                #expect(!(try await admin.get("/users/lujia").text.contains("儿童信息登记员 · ")))

                #expect(try await admin.submit("/users/lujia", to: "/users/lujia/lock", []).status == .seeOther)
                #expect(try await admin.get("/users/lujia").text.contains("已停用"))
                let ended = try await lujia.send(.get, "/home", body: nil)
                #expect(ended.status == .seeOther && ended.headers[.location] == "/", "a locked account's session ends at once")
                var again = FormBrowser(client: client)
                await #expect(throws: FormBrowser.Refused.self) { _ = try await again.signIn("lujia", Self.password) }
                #expect(try await admin.submit("/users/lujia", to: "/users/lujia/unlock", []).status == .seeOther)
                #expect(try await again.signIn("lujia", Self.password).status == .ok, "unlocked")

                let actions = try await test.owner.withConnection { connection in
                    try await connection.query(
                        "SELECT action FROM core.audit WHERE actor = 'admin' AND action LIKE 'user.%' ORDER BY at, id", logger: test.logger
                    ).decode(String.self).collect()
                }
                #expect(actions == ["user.add", "user.grant", "user.grant", "user.revoke", "user.lock", "user.unlock"])
            }
        }
    }

    @Test(
        "refused forms: without the CSRF token nothing is done; a weak password, a district outside the scope, a taken name shown beside their fields"
    )
    func refusedForms() async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: CorePermissions.adminRole, district: TestPlatform.county)
            try await test.withClient { client in
                var admin = FormBrowser(client: client)
                _ = try await admin.signIn("admin")
                let fields: [(String, String)] = [
                    ("username", "lujia"), ("displayName", "陆佳"), ("role", "core.auditor"), ("district", TestPlatform.townshipA.description)
                ]
                let forged = try await admin.post("/users/new", fields + [("password", Self.password)])
                #expect(forged.status == .forbidden && forged.text.contains("防伪令牌"))
                #expect(!(try await admin.get("/users").text.contains("lujia")), "nothing was created")

                let weak = try await admin.submit("/users/new", to: "/users/new", fields + [("password", "short")])
                #expect(weak.status == .unprocessableContent)
                #expect(weak.text.contains(#"<p class="field invalid"><label for="field-password">"#))
                #expect(weak.text.contains(#"id="field-password-error""#))
                #expect(weak.text.contains(#"value="陆佳""#), "the other fields are filled again")
                #expect(!(try await admin.get("/users").text.contains("lujia")))

                let outside = try await admin.submit(
                    "/users/new", to: "/users/new",
                    [("username", "lujia"), ("displayName", "陆佳"), ("password", Self.password), ("role", "core.auditor")]
                        + [("district", TestPlatform.otherCounty.description)])
                #expect(outside.status == .unprocessableContent)
                #expect(outside.text.contains(#"id="field-district-error""#) && outside.text.contains("不在您的管辖范围内"))

                let unknownRole = try await admin.submit(
                    "/users/new", to: "/users/new",
                    [("username", "lujia"), ("displayName", "陆佳"), ("password", Self.password), ("role", "core.nobody")]
                        + [("district", TestPlatform.townshipA.description)])
                #expect(unknownRole.status == .unprocessableContent && unknownRole.text.contains(#"id="field-role-error""#))

                let duplicate = try await admin.submit(
                    "/users/new", to: "/users/new",
                    [("username", "admin"), ("displayName", "另一个"), ("password", Self.password), ("role", "core.auditor")]
                        + [("district", TestPlatform.townshipA.description)])
                #expect(duplicate.status == .conflict)
                #expect(duplicate.text.contains(#"id="field-username-error""#) && duplicate.text.contains("已存在"))
            }
        }
    }

    @Test("a township's administrator sees and changes only accounts of their township; an account granted beyond it is not theirs to lock")
    func scope() async throws {
        try await TestPlatform.with { test in
            try await test.user("niutang-admin", role: CorePermissions.adminRole, district: TestPlatform.townshipB)
            try await test.user("hutang-clerk", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.user("both-clerk", role: "core.registrar", district: TestPlatform.villageB)
            try await test.user("both-clerk", role: "core.registrar", district: TestPlatform.villageA)
            try await test.withClient { client in
                var admin = FormBrowser(client: client)
                _ = try await admin.signIn("niutang-admin")
                let list = try await admin.get("/users")
                #expect(!list.text.contains("hutang-clerk") && list.text.contains("both-clerk"))
                #expect(try await admin.get("/users/hutang-clerk").status == .notFound)
                #expect(try await admin.submit("/users", to: "/users/hutang-clerk/lock", []).status == .notFound)
                let grant = try await admin.submit(
                    "/users", to: "/users/hutang-clerk/grants", [("role", "core.auditor"), ("district", TestPlatform.villageB.description)])
                #expect(grant.status == .notFound)
                let revoke = try await admin.submit(
                    "/users/both-clerk", to: "/users/both-clerk/revoke",
                    [("role", "core.registrar"), ("district", TestPlatform.villageA.description)])
                #expect(revoke.status == .notFound, "a grant outside the scope cannot be revoked")
                let lock = try await admin.submit("/users/both-clerk", to: "/users/both-clerk/lock", [])
                #expect(lock.status == .forbidden && lock.text.contains("上级管理员"))
                let own = try await admin.submit("/users/niutang-admin", to: "/users/niutang-admin/lock", [])
                #expect(own.status == .conflict && own.text.contains("不能停用自己"))

                let accounts = try await Users(database: test.owner, policy: .fast, roles: test.platform.context.roles).list()
                #expect(accounts.first { $0.username == "hutang-clerk" }?.grants.count == 1, "nothing granted")
                #expect(accounts.first { $0.username == "both-clerk" }?.grants.count == 2, "nothing revoked")
                #expect(accounts.allSatisfy { !$0.disabled }, "nobody locked")
            }
        }
    }
}
