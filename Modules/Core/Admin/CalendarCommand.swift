import ArgumentParser
import CSVFiles
import Contract
import Foundation

/// `tonghu calendar` — the working-day calendar (工作日历): each year's State Council notice, and a locality's own days.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "工作日历 (working-day calendar): 每年的节假日安排与调休, 及地方增加的假日",
        subcommands: [Import.self, List.self, Export.self])

    struct Import: CoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入一年的节假日安排 (CSV 表头 date,kind,name,source; kind 为 放假 或 上班)",
            discussion: """
                一个文件载一年, 每行注明同一个依据文件 (标题、文号、发布日期). 整个文件校验通过才导入, 坏行报告行号与字段;
                已导入的同一年 (同一区划) 整体替换. --district 导入为该区划及其下级的地方安排, 须先导入全国该年的安排.
                见 docs/working-days.md.
                """)
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 文件") var file: String
        @Option(help: "12 位区划代码: 地方增加的假日 (在该区划及其下级适用); 省略则为全国") var district: String?

        func run(_ host: AdminHost) async throws {
            let code = try district.map { try parseDistrict($0) }
            let notice = try HolidayNotice(file: URL(fileURLWithPath: file))
            try await host.withPlatform { platform in
                let store = platform.context.workCalendar
                try await platform.requireOwner().transaction { connection in
                    try await store.load(notice, district: code, on: connection)
                    try await platform.context.audit.record(
                        [
                            AuditEntry(
                                actor: "cli:\(NSUserName())", action: "calendar.import", programme: "core", entity: "calendar-year",
                                entityID: code.map { "\(notice.year)@\($0)" } ?? String(notice.year))
                        ], on: connection)
                }
            }
            let holidays = notice.days.filter { $0.kind == .holiday }.count
            print(
                "已导入 \(notice.year) 年 \(code.map(String.init(describing:)) ?? "全国"): 放假 \(holidays) 天, 调休上班 \(notice.days.count - holidays) 天 (依据: \(notice.source))"
            )
        }
    }

    struct List: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出已导入的年份及其依据文件")
        @OptionGroup var options: CommandOptions

        func run(_ host: AdminHost) async throws {
            let years = try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection {
                    try await platform.context.workCalendar.years(on: $0)
                }
            }
            try options.output(years) {
                for year in years {
                    print("\(year.year)\t\(year.district ?? "全国")\t放假 \(year.holidays) 天\t调休上班 \(year.workdays) 天\t\(year.source)")
                }
            }
        }
    }

    struct Export: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "导出已导入的一年, 与导入的 CSV 同一格式")
        @OptionGroup var options: CommandOptions
        @Argument(help: "年份, 如 2026") var year: Int
        @Option(help: "12 位区划代码: 导出该区划的地方安排; 省略则为全国") var district: String?
        @Option(help: "写入的文件; 省略则为标准输出") var output: String?

        func run(_ host: AdminHost) async throws {
            let code = try district.map { try parseDistrict($0) }
            let year = self.year
            let notice = try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection {
                    try await platform.context.workCalendar.notice(year, district: code, on: $0)
                }
            }
            guard let notice else {
                throw Problem.notFound(.init(zh: "\(year) 年\(code.map { " \($0) 的" } ?? "全国")节假日安排", en: "the calendar of \(year)"))
            }
            var writer = CSVWriter(fileHandle: try CommandOptions.outputHandle(output))
            try writer.write(HolidayNotice.header)
            for day in notice.days {
                try writer.write([day.date.description, day.kind.label, day.name, notice.source])
            }
            try writer.finish()
        }
    }
}
