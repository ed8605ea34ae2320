import ArgumentParser
import Contract
import Foundation

/// `tonghu` — the root command: the core's command groups followed by one group per programme of `Catalogue`.
/// The catalogue is a type, not a global: the command tree is static, and each command runs with an `AdminHost` built
/// from it and the command's options.
public struct TonghuCommand<Catalogue: ProgrammeCatalogue>: AsyncParsableCommand {

    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "tonghu",
            abstract: "童护管理命令 (Tonghu administration): 数据库、区划、用户、政策参数、审计、密钥与各业务模块",
            discussion: """
                退出码: 0 成功; 1 失败; 65 输入有误 (字段或行号见消息); 66 对象或文件不存在; 73 已存在 (冲突). LANG=en_* 时消息为英文.
                配置: TONGHU_DATABASE_URL / TONGHU_MIGRATION_DATABASE_URL / TONGHU_DATA_DIR / TONGHU_PROGRAMMES / TONGHU_KEYRING_FILE / TONGHU_TODAY (--as-of).
                """,
            version: Release.version,
            subcommands: [
                DatabaseCommand.self, DistrictCommand.self, ChildCommand.self, UserCommand.self, RoleCommand.self,
                ProgrammeCommand.self, PolicyCommand.self, AuditCommand.self, KeysCommand.self, EventsCommand.self,
                ReportingCommand.self, CalendarCommand.self
            ]
                + Catalogue.programmes.compactMap { $0.command })
    }

    public init() {}

    /// Parses the arguments and runs the command; a core or programme command runs with the host's context, and what
    /// it throws is printed as one line and mapped to the CLI's exit codes.
    public static func main() async {
        do {
            var command = try parseAsRoot(asOfPassedOn(Array(Swift.CommandLine.arguments.dropFirst())))
            switch command {
            case let core as any CoreCommand:
                try await hosted { try await core.run(AdminHost(programmes: Catalogue.programmes, options: core.options)) }
            case let programme as any AdminCommand:
                try await hosted { try await programme.run(AdminHost(programmes: Catalogue.programmes, options: programme.options)) }
            case var command as any AsyncParsableCommand:
                try await command.run()
            default:
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// `tonghu --as-of DATE <command> …` as well as `tonghu <command> … --as-of DATE`: a leading `--as-of` is handed to the
    /// command's options (before a `--`, if any).
    static func asOfPassedOn(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, first == "--as-of" || first.hasPrefix("--as-of=") else { return arguments }
        let width = first == "--as-of" ? min(2, arguments.count) : 1
        let (option, rest) = (arguments[..<width], arguments[width...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        return Array(rest[..<end] + option + rest[end...])
    }

    private static func hosted(_ run: () async throws -> Void) async throws {
        do { try await run() } catch let error as ValidationError { throw error } catch { throw CommandOptions.exit(for: error) }
    }
}
