import ArgumentParser
import Boot
import Contract
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "用户与授权 (users and grants)",
        subcommands: [Add.self, Grant.self, Revoke.self, Disable.self, List.self, ResetPassword.self, ResetSecondFactor.self])

    struct Add: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "新增用户; 密码从标准输入读取: 至少 12 个字符, 不含用户名, 不是常见或已泄露的密码")
        @OptionGroup var options: CommandOptions
        @Argument var name: String
        @Option(help: "显示名 (真实姓名)") var displayName: String?
        @Flag(help: "从标准输入读取密码") var passwordStdin = false

        func run(_ host: AdminHost) async throws {
            guard passwordStdin else { throw ValidationError("请使用 --password-stdin 从标准输入提供密码 (不要把密码写在命令行里)") }
            let password = try readOrExit()
            try await host.withPlatform { platform in
                try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles)
                    .add(name, displayName: displayName, password: password)
            }
            print("已新增用户 \(name)")
        }
    }

    struct Grant: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "授予角色: 在某区划 (及其全部下级) 内生效")
        @OptionGroup var options: CommandOptions
        @Argument var name: String
        @Argument(help: "角色, 如 core.admin 或 registry.director (tonghu role list)") var role: String
        @Option(help: "12 位区划代码") var district: String

        func run(_ host: AdminHost) async throws {
            let code = try parseDistrict(district)
            try await host.withPlatform { platform in
                try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles).grant(
                    name, role: role, district: code)
            }
            print("已授予 \(name) 角色 \(role) @ \(code)")
        }
    }

    struct Revoke: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "收回角色 (省略 --district 则收回该角色的全部授权)")
        @OptionGroup var options: CommandOptions
        @Argument var name: String
        @Argument var role: String
        @Option var district: String?

        func run(_ host: AdminHost) async throws {
            let code = try district.map { try parseDistrict($0) }
            try await host.withPlatform { platform in
                try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles).revoke(
                    name, role: role, district: code)
            }
            print("已收回 \(name) 的 \(role)")
        }
    }

    struct Disable: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "停用用户并立即结束其全部会话")
        @OptionGroup var options: CommandOptions
        @Argument var name: String

        func run(_ host: AdminHost) async throws {
            try await host.withPlatform { platform in
                try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles).disable(name)
            }
            print("已停用 \(name)")
        }
    }

    struct ResetPassword: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "重设密码 (从标准输入读取, 规则同 add), 重新启用, 结束全部会话, 清除失败登录记录")
        @OptionGroup var options: CommandOptions
        @Argument var name: String
        @Flag(help: "从标准输入读取密码") var passwordStdin = false

        func run(_ host: AdminHost) async throws {
            guard passwordStdin else { throw ValidationError("请使用 --password-stdin 从标准输入提供密码") }
            let password = try readOrExit()
            try await host.withPlatform { platform in
                try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles).resetPassword(
                    name, password: password)
            }
            print("已重设 \(name) 的密码")
        }
    }

    struct ResetSecondFactor: CoreCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-second-factor", abstract: "重置双因素认证 (手机丢失等): 删除动态口令与恢复码, 结束全部会话; 下次登录时重新绑定 (记入审计)")
        @OptionGroup var options: CommandOptions
        @Argument var name: String

        func run(_ host: AdminHost) async throws {
            let removed = try await host.withPlatform { platform in try await Self.reset(name, on: platform) }
            print(removed ? "已重置 \(name) 的双因素认证, 其会话已结束; 下次登录时重新绑定" : "\(name) 未绑定双因素认证; 其会话已结束")
        }

        /// Resets `name`'s second factor as the owner, audited as this CLI user; whether there was one.
        static func reset(_ name: String, on platform: Platform) async throws -> Bool {
            try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles)
                .resetSecondFactor(name) { user, connection in
                    try await platform.context.audit.record(
                        AuditEntry(
                            actor: "cli:\(NSUserName())", action: "second-factor.reset", programme: "core",
                            entity: "user", entityID: user.uuidString), on: connection)
                }
        }
    }

    struct List: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出用户及其授权")
        @OptionGroup var options: CommandOptions

        func run(_ host: AdminHost) async throws {
            let accounts = try await host.withPlatform { platform in
                try await Users(database: platform.requireOwner(), policy: AccessPolicy(), roles: platform.context.roles).list()
            }
            try options.output(accounts) {
                for account in accounts {
                    let state = account.disabled ? " [停用]" : ""
                    let grants = account.grants.map { "\($0.role)@\($0.district)" }.joined(separator: ", ")
                    print("\(account.username) (\(account.displayName))\(state): \(grants)")
                }
            }
        }
    }
}

private func readOrExit() throws -> String {
    do { return try readPasswordFromStandardInput() } catch { throw CommandOptions.exit(for: error) }
}
