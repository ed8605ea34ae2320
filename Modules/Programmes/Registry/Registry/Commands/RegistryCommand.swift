import ArgumentParser
import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// `tonghu registry …` — bulk import and export of files.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "儿童信息台账 (registry): 批量导入与导出",
        subcommands: [Import.self, Export.self])

    struct Import: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入儿童档案 CSV (UTF-8、带 BOM 的 UTF-8 或 Excel 的 GB18030) 或 xlsx 工作簿 (第一个工作表)",
            discussion: """
                列 (首行表头, 顺序不限): 身份证号, 姓名, 居住地区划, 户籍地区划, 户籍类型 (农村/城镇), 父亲状况, 父亲状况起始, 母亲状况, 母亲状况起始.
                没有表头时前四列依次为 身份证号, 姓名, 居住地区划, 户籍地区划. 每个坏行报告行号、字段与原因, 其余行照常导入 (或 --all-or-nothing);
                已建档的儿童跳过, 重复运行不会重复建档. 有坏行时退出码为 65.
                """)
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 或 xlsx 文件") var file: String
        @Flag(help: "任何一行有错则全部不导入") var allOrNothing = false

        struct Outcome: Encodable {
            var opened = 0
            var alreadyOpen = 0
            var rejected: [Problem] = []
        }

        func run(_ context: some CommandContext) async throws {
            let url = URL(fileURLWithPath: file)
            let allOrNothing = self.allOrNothing
            let progress = context.progress(.init(zh: "行", en: "rows"), reading: url)
            let outcome = try await progress.showing {
                try await context.withPlatform { platform in
                    var importer = try RegistryImport(platform: platform, actor: "cli:\(NSUserName())")
                    importer.progress = progress
                    return try await importer.run(url, allOrNothing: allOrNothing)
                }
            }
            try options.output(outcome) {
                print(
                    "建档 \(outcome.opened) 名, 已有档案 \(outcome.alreadyOpen) 名, 拒绝 \(outcome.rejected.count) 行\(allOrNothing && !outcome.rejected.isEmpty ? " (全部未导入)" : "")"
                )
                for problem in outcome.rejected { print("  第 \(problem.row ?? 0) 行 [\(problem.field ?? "")] \(problem.detail.zh)") }
            }
            if !outcome.rejected.isEmpty { throw ExitCode(65) }
        }
    }

    struct Export: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出某区划的儿童名册为 CSV 或 xlsx; 身份证号与联系电话默认脱敏",
            discussion: """
                --format xlsx 供 Excel/WPS 打开 (身份证号、区划代码为文本, 中文标签, 区划名称); 默认 csv 供脚本.
                --reveal 导出身份证号与联系电话明文, 本次导出记入审计日志.
                """)
        @OptionGroup var options: CommandOptions
        @Option(help: "12 位区划代码") var district: String
        @Option(help: "输出文件 (默认标准输出)") var output: String?
        @Flag(help: "导出身份证号与联系电话明文 (记入审计)") var reveal = false
        @Option(help: "csv (默认, 供脚本) 或 xlsx (Excel、WPS)") var format: ExportFormat = .csv

        func run(_ context: some CommandContext) async throws {
            let code = try DistrictCode(validating: district)
            let handle = try CommandOptions.outputHandle(output)
            let reveal = self.reveal
            let format = self.format
            let count = try await context.withPlatform { platform in
                try await RegistryExport(platform: platform, actor: "cli:\(NSUserName())").write(
                    district: code, reveal: reveal, format: format, to: handle)
            }
            if output != nil { try handle.close() }
            FileHandle.standardError.write(Data("已导出 \(count) 名\n".utf8))
        }
    }
}
