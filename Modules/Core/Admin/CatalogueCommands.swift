import ArgumentParser
import Contract

/// The programme and role catalogue needs no database: it lists what is compiled in.
struct ProgrammeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "programme", abstract: "业务模块 (programmes)", subcommands: [List.self])

    struct List: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出编译进本程序的业务模块")
        @OptionGroup var options: CommandOptions

        struct Entry: Encodable {
            let id: String
            let title: Localized
            let schema: String
            let migrations: Int
            let permissions: [String]
        }

        func run(_ host: AdminHost) async throws {
            let entries = host.programmes.map { type in
                let programme = type.init()
                return Entry(
                    id: type.id, title: type.title, schema: type.schema, migrations: programme.migrations.count,
                    permissions: programme.permissions.map(\.name))
            }
            try options.output(entries) {
                if entries.isEmpty { print("(没有编译进任何业务模块)") }
                for entry in entries { print("\(entry.id)\t\(entry.title.zh)\t模式 \(entry.schema)\t迁移 \(entry.migrations) 个") }
            }
        }
    }
}

struct RoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "角色 (roles)", subcommands: [List.self])

    struct List: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出核心与全部已编译业务模块的角色及其权限")
        @OptionGroup var options: CommandOptions

        func run(_ host: AdminHost) async throws {
            let roles = CorePermissions.roles + host.programmes.flatMap { $0.init().roles }
            try options.output(roles) {
                for role in roles {
                    let permissions =
                        role.name == CorePermissions.adminRole ? "(全部权限)" : role.permissions.map(\.name).joined(separator: ", ")
                    print("\(role.name)\t\(role.title.zh)\t\(permissions)")
                }
            }
        }
    }
}
