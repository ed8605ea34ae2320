import ArgumentParser
import CSVFiles
import Contract
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "审计日志 (audit trail)",
        subcommands: [Query.self, Export.self, Purge.self])

    struct Filter: ParsableArguments {
        @Option(help: "儿童编号 (UUID)") var child: String?
        @Option(help: "操作人用户名") var actor: String?
        @Option(help: "起始日期 yyyy-MM-dd (北京时间)") var from: String?
        @Option(help: "截止日期 yyyy-MM-dd (不含)") var to: String?
        @Option(help: "最多条数") var limit = 500

        func filter() throws -> AuditFilter {
            func instant(_ text: String?, _ field: String) throws -> Date? {
                try text.map { ISO8601DateFormatter().date(from: "\(try parseDate($0, field: field))T00:00:00+08:00")! }
            }
            var filter = AuditFilter(actor: actor, from: try instant(from, "from"), to: try instant(to, "to"), limit: limit)
            if let child {
                guard let id = UUID(uuidString: child) else { throw Problem.invalid("child", "儿童编号应为 UUID", "child must be a UUID") }
                filter.child = id
            }
            return filter
        }
    }

    struct Query: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "查询审计记录 (新的在前)")
        @OptionGroup var options: CommandOptions
        @OptionGroup var filter: Filter

        func run(_ host: AdminHost) async throws {
            let wanted = try checked { try filter.filter() }
            let entries = try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection { try await platform.context.audit.query(wanted, on: $0) }
            }
            try options.output(entries) {
                for entry in entries {
                    print(
                        "\(entry.at.formatted(.iso8601))  \(entry.actor)  \(entry.programme).\(entry.action)  \(entry.outcome)  \(entry.childID?.uuidString ?? "-")  \(entry.requestID ?? "-")"
                    )
                }
            }
        }
    }

    struct Export: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "导出审计记录为 CSV (Excel 可直接打开)")
        @OptionGroup var options: CommandOptions
        @OptionGroup var filter: Filter
        @Option(help: "输出文件") var output: String

        func run(_ host: AdminHost) async throws {
            let wanted = try checked { try filter.filter() }
            let entries = try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection { try await platform.context.audit.query(wanted, on: $0) }
            }
            let handle = try CommandOptions.outputHandle(output)
            defer { try? handle.close() }
            var writer = CSVWriter { try handle.write(contentsOf: $0) }
            try writer.write(["时间", "操作人", "模块", "操作", "对象", "对象编号", "儿童编号", "结果", "请求号", "来源地址"])
            for e in entries {
                try writer.write([
                    e.at.formatted(.iso8601), e.actor, e.programme, e.action, e.entity ?? "", e.entityID ?? "",
                    e.childID?.uuidString ?? "", e.outcome, e.requestID ?? "", e.clientAddress ?? ""
                ])
            }
            try writer.finish()
            print("已导出 \(entries.count) 条到 \(output)")
        }
    }

    struct Purge: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "删除早于某日期的审计记录; 不足 183 天的一律拒绝 (网络安全法 第21条)")
        @OptionGroup var options: CommandOptions
        @Option(help: "删除此日期之前的记录 yyyy-MM-dd") var before: String

        func run(_ host: AdminHost) async throws {
            let date = try checked { try parseDate(before, field: "before") }
            let removed = try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection {
                    try await platform.context.audit.purge(before: date, today: platform.context.clock.today(), on: $0)
                }
            }
            print("已删除 \(removed) 条 \(date) 之前的审计记录")
        }
    }
}

/// Runs a local validation step, reporting its failure the CLI way.
func checked<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw CommandOptions.exit(for: error) }
}
