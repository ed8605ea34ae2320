import ArgumentParser
import Contract
import Foundation

/// `tonghu health-screening import-births FILE` and `import-lab-results FILE`: a hospital's births or a laboratory's
/// results loaded as the schema owner, with the report the upload routes answer. Any refused row leaves the file
/// unwritten; the exit status is then 65.
enum HealthScreeningImportCommand {
    struct Births: AdminCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-births", abstract: "导入出生信息 CSV (UTF-8、带 BOM 的 UTF-8 或 GB18030) 或 xlsx, 批量登记新生儿",
            discussion: """
                列 (首行表头, 顺序不限): 随访区划, 出生机构区划, 母亲身份证号, 出生时间 (带时区), 性别 (M/F 或 男/女), 出生顺序, 助产机构, 住院号.
                没有表头时按此顺序. 同一助产机构同一住院号已登记的跳过, 重复运行不会重复登记. 有坏行时全部不导入, 退出码 65.
                """)
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 或 xlsx 文件") var file: String

        /// The import's report, the file written as the schema owner.
        func outcome(_ context: some CommandContext) async throws -> BirthImport.Outcome {
            let file = try ImportFile(path: self.file)
            return try await context.withPlatform { platform in
                try await BirthImport(writer: ImportWriter(platform: platform, actor: "cli:\(NSUserName())")).run(file)
            }
        }

        func run(_ context: some CommandContext) async throws {
            let outcome = try await outcome(context)
            try HealthScreeningImportCommand.report(outcome, options)
        }
    }

    struct LabResults: AdminCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-lab-results", abstract: "导入实验室筛查结果 CSV 或 xlsx, 按住院号或母亲身份证号匹配新生儿",
            discussion: """
                列 (首行表头, 顺序不限): 助产机构, 住院号, 母亲身份证号, 出生日期, 出生顺序, 筛查病种 (代码或名称), 结果 (阴性/阳性/未通过/标本不合格),
                报告时间 (带时区), 检测机构, 检测值. 住院号或 (母亲身份证号 + 出生日期) 二选一. 未找到的行为未匹配, 找到多名的为存疑, 均不写入.
                有坏行时全部不导入, 退出码 65.
                """)
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 或 xlsx 文件") var file: String

        /// The import's report, the file written as the schema owner.
        func outcome(_ context: some CommandContext) async throws -> LabResultImport.Outcome {
            let file = try ImportFile(path: self.file)
            return try await context.withPlatform { platform in
                try await LabResultImport(writer: ImportWriter(platform: platform, actor: "cli:\(NSUserName())")).run(file)
            }
        }

        func run(_ context: some CommandContext) async throws {
            let outcome = try await outcome(context)
            try HealthScreeningImportCommand.report(outcome, options)
            if !outcome.unmatched.isEmpty { print("  未匹配行: \(outcome.unmatched.map(String.init).joined(separator: ", "))") }
            if !outcome.ambiguous.isEmpty { print("  存疑行: \(outcome.ambiguous.map(String.init).joined(separator: ", "))") }
        }
    }

    /// Prints the outcome (or its JSON) and every refused row; exit status 65 when any was refused.
    static func report(_ outcome: some ImportOutcome, _ options: CommandOptions) throws {
        try options.output(outcome) {
            print(outcome.summary + (outcome.refused.isEmpty ? "" : " (全部未导入)"))
            for problem in outcome.refused { print("  第 \(problem.row ?? 0) 行 [\(problem.field ?? "")] \(problem.detail.zh)") }
        }
        if !outcome.refused.isEmpty { throw ExitCode(65) }
    }
}
