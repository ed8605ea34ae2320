import ArgumentParser
import Contract
import Foundation
import Synchronization

/// `tonghu` — the root command: the core's command groups followed by one group per compiled-in programme.
public struct TonghuCommand: AsyncParsableCommand {
    static let catalogue = Mutex<[any Programme.Type]>([])

    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "tonghu",
            abstract: "童护管理命令 (Tonghu administration): 数据库、区划、用户、政策参数、审计、密钥与各业务模块",
            discussion: """
                退出码: 0 成功; 1 失败; 65 输入有误 (字段或行号见消息); 66 对象不存在; 73 已存在 (冲突).
                配置: TONGHU_DATABASE_URL / TONGHU_MIGRATION_DATABASE_URL / TONGHU_DATA_DIR / TONGHU_PROGRAMMES / TONGHU_KEYRING_FILE.
                """,
            subcommands: [
                DatabaseCommand.self, DistrictCommand.self, ChildCommand.self, UserCommand.self, RoleCommand.self,
                ProgrammeCommand.self, PolicyCommand.self, AuditCommand.self, KeysCommand.self, EventsCommand.self
            ]
                + catalogue.withLock { $0 }.compactMap { $0.command })
    }

    public init() {}

    /// Runs the CLI with `catalogue` as the compiled-in programmes.
    public static func main(catalogue programmes: [any Programme.Type]) async {
        catalogue.withLock { $0 = programmes }
        await main()
    }

    static var programmes: [any Programme.Type] { catalogue.withLock { $0 } }
}
