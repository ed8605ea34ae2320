import ArgumentParser
import Contract

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "数据库迁移 (migrations)",
        subcommands: [Migrate.self, Status.self])

    struct Migrate: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "执行未执行的迁移 (核心与已启用的业务模块), 在咨询锁下, 单个事务")
        @OptionGroup var options: CommandOptions
        @Flag(help: "只列出将要执行的迁移") var dryRun = false

        func run(_ host: AdminHost) async throws {
            let steps = try await host.withPlatform(migrate: false) { platform in try await platform.migrate(dryRun: dryRun) }
            try options.output(steps) {
                if steps.isEmpty { print("迁移已是最新 (nothing to migrate)") }
                for step in steps { print("\(dryRun ? "将执行" : "已执行")  \(step.owner) #\(step.version) \(step.name)") }
            }
        }
    }

    struct Status: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出每个迁移及其状态; 已执行的迁移被修改时报错")
        @OptionGroup var options: CommandOptions

        func run(_ host: AdminHost) async throws {
            let steps = try await host.withPlatform(migrate: false) { platform in
                try await Migrator(database: platform.requireOwner()).status(platform.migrationSets)
            }
            try options.output(steps) {
                for step in steps { print("\(step.state == .applied ? "已执行" : "待执行")  \(step.owner) #\(step.version) \(step.name)") }
            }
        }
    }
}
