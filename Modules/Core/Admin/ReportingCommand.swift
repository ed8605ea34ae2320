import ArgumentParser
import Boot
import Contract
import Foundation

/// `tonghu reporting …`: read-only database logins for a BI tool (报表只读账户), each limited to its districts.
struct ReportingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reporting", abstract: "报表只读账户 (read-only BI logins): 只能读 reporting 模式的视图, 且只见授予的区划",
        subcommands: [Grant.self, Revoke.self, List.self])

    struct Grant: CoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "新建报表账户或重设其密码与区划; 密码从标准输入读取 (规则同用户密码); 无身份证号、姓名、电话")
        @OptionGroup var options: CommandOptions
        @Argument(help: "数据库登录名: 小写字母、数字、下划线") var login: String
        @Option(help: "12 位区划代码 (可重复): 账户只见这些区划及其下级") var district: [String] = []
        @Flag(help: "从标准输入读取密码") var passwordStdin = false

        func run(_ host: AdminHost) async throws {
            guard passwordStdin else { throw ValidationError("请使用 --password-stdin 从标准输入提供密码") }
            let districts = try district.map { try parseDistrict($0) }
            let password = try readPasswordFromStandardInput()
            let login = login
            try await host.withPlatform { platform in
                try await ReportingLogins(database: platform.requireOwner(), policy: AccessPolicy()).grant(
                    login, districts: districts, password: password, by: "cli:\(NSUserName())"
                ) { connection in
                    try await platform.context.audit.record(Self.entry("reporting.grant", login: login), on: connection)
                }
            }
            print("报表账户 \(login) 可读 reporting 模式, 限于 \(districts.map(\.description).joined(separator: ", "))")
        }

        static func entry(_ action: String, login: String) -> AuditEntry {
            AuditEntry(actor: "cli:\(NSUserName())", action: action, programme: "core", entity: "reporting-login", entityID: login)
        }
    }

    struct Revoke: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "删除报表账户")
        @OptionGroup var options: CommandOptions
        @Argument var login: String

        func run(_ host: AdminHost) async throws {
            let login = login
            try await host.withPlatform { platform in
                try await ReportingLogins(database: platform.requireOwner(), policy: AccessPolicy()).revoke(login) { connection in
                    try await platform.context.audit.record(Grant.entry("reporting.revoke", login: login), on: connection)
                }
            }
            print("已删除报表账户 \(login)")
        }
    }

    struct List: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出报表账户及其区划")
        @OptionGroup var options: CommandOptions

        func run(_ host: AdminHost) async throws {
            let logins = try await host.withPlatform { platform in
                try await ReportingLogins(database: platform.requireOwner(), policy: AccessPolicy()).list()
            }
            try options.output(logins) {
                for login in logins { print("\(login.login): \(login.districts) (\(login.grantedBy), \(login.grantedAt))") }
            }
        }
    }
}
