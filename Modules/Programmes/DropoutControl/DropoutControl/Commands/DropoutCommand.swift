import ArgumentParser
import CSVFiles
import Contract
import Foundation

/// `tonghu dropout-control …` — enrolment snapshots in, ledgers out.
struct DropoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dropout-control", abstract: "控辍保学 (dropout control): 学籍库导入与台账导出",
        subcommands: [ImportEnrolment.self, Export.self])

    struct ImportEnrolment: AdminCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-enrolment",
            abstract: "导入某学期的学籍库导出 CSV 或 xlsx, 替换该学期的快照 (CSV: UTF-8、带 BOM 的 UTF-8 或 GB18030)",
            discussion: """
                列 (首行表头, 顺序不限): 身份证号, 姓名, 学校, 学校区划, 年级 (1–9、三年级、初二), 学籍状态 (在读/休学/转出/送教上门/辍学).
                没有表头时依次为以上六列. 身份证号只以盲索引保存, 尚未进入儿童主索引的学生以后登记时自动匹配.
                新快照导入完成后在同一事务中替换旧快照, 读者不会看到新旧混合的数据. 每个坏行报告行号、字段与原因, 其余行照常导入; 有坏行时退出码为 65.
                """)
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 或 xlsx 文件") var file: String
        @Option(help: "学期, 如 2026-autumn 或 2027-spring") var term: String

        func run(_ context: some CommandContext) async throws {
            let url = URL(fileURLWithPath: file)
            let term = try Term.parse(self.term)
            let progress = context.progress(.init(zh: "行", en: "rows"), reading: url)
            let outcome = try await progress.showing {
                try await context.withPlatform { platform in
                    var importer = EnrolmentImport(platform: platform, actor: "cli:\(NSUserName())")
                    importer.progress = { progress.update($0) }
                    let outcome = try await importer.run(url, term: term)
                    try await importer.dropReplaced(outcome)
                    return outcome
                }
            }
            try options.output(outcome) {
                print(
                    "学期 \(outcome.term): 快照 \(outcome.snapshot) 载入 \(outcome.loaded) 名学生, 拒绝 \(outcome.rejected.count) 行"
                        + (outcome.replaced.map { ", 替换快照 \($0)" } ?? ""))
                for problem in outcome.rejected.prefix(1_000) {
                    print("  第 \(problem.row ?? 0) 行 [\(problem.field ?? "")] \(problem.detail.zh)")
                }
                if outcome.rejected.count > 1_000 { print("  … 另有 \(outcome.rejected.count - 1_000) 行 (用 --json 查看全部)") }
            }
            if !outcome.rejected.isEmpty { throw ExitCode(65) }
        }
    }

    struct Export: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出某区划某学期的三本台账为 CSV 或 xlsx; 身份证号脱敏",
            discussion: """
                适龄失学台账取该学期覆盖此区划的最近一次比对; 疑似辍学与辍学台账为当前个案. 导出记入审计日志.
                --format xlsx 供 Excel/WPS 打开 (代码为文本, 中文标签, 区划名称); 默认 csv 供脚本.
                """)
        @OptionGroup var options: CommandOptions
        @Option(help: "12 位区划代码") var district: String
        @Option(help: "学期, 如 2026-autumn") var term: String
        @Option(help: "输出文件 (默认标准输出)") var output: String?
        @Option(help: "csv (默认, 供脚本) 或 xlsx (Excel、WPS)") var format: ExportFormat = .csv

        func run(_ context: some CommandContext) async throws {
            let code = try DistrictCode(validating: district)
            let term = try Term.parse(self.term)
            let format = self.format
            let handle = try CommandOptions.outputHandle(output)
            let count = try await context.withPlatform { platform in
                try await LedgerExport(platform: platform, actor: "cli:\(NSUserName())").write(
                    district: code, term: term, format: format, to: handle)
            }
            if output != nil { try handle.close() }
            FileHandle.standardError.write(Data("已导出 \(count) 行\n".utf8))
        }
    }
}
