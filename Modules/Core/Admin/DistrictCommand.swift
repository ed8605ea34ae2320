import ArgumentParser
import CSVFiles
import Contract
import Foundation

struct DistrictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "district", abstract: "行政区划 (districts): 导入、查看、新增、更名、迁移、合并",
        subcommands: [Import.self, Tree.self, Add.self, Rename.self, Move.self, Merge.self])

    struct Import: CoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入区划 CSV (code,name; 表头可有可无; UTF-8 或 GB18030); 上级由代码推出",
            discussion: "每个坏行报告行号与原因, 其余行照常导入; 有坏行时退出码为 65.")
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 文件") var file: String

        func run(_ host: AdminHost) async throws {
            var rows: [(line: Int, code: DistrictCode, name: String)] = []
            var rejected: [Problem] = []
            do {
                var reader = try CSVReader(url: URL(fileURLWithPath: file))
                while let record = try reader.nextRecord() {
                    let code = record.fields.first?.trimmingCharacters(in: .whitespaces) ?? ""
                    let name = record.fields.count > 1 ? record.fields[1].trimmingCharacters(in: .whitespaces) : ""
                    if record.line == 1, DistrictCode(code) == nil, code.lowercased().contains("code") || code.contains("代码") { continue }
                    guard let district = DistrictCode(code) else {
                        rejected.append(
                            .invalid(
                                "code", "区划代码 \(code) 无效: 应为 12 位数字, 按 2/4/6/9/12 位分级", "invalid district code \(code)", row: record.line))
                        continue
                    }
                    guard !name.isEmpty else {
                        rejected.append(.invalid("name", "名称为空", "name is empty", row: record.line))
                        continue
                    }
                    rows.append((record.line, district, name))
                }
            } catch {
                throw CommandOptions.exit(for: error)
            }
            var result = try await host.withPlatform { platform in
                try await DistrictRepository(database: platform.requireOwner()).importRows(rows)
            }
            result.rejected = (rejected + result.rejected).sorted { ($0.row ?? 0) < ($1.row ?? 0) }
            try options.output(result) {
                print("新增 \(result.added) 个, 更名 \(result.renamed) 个, 拒绝 \(result.rejected.count) 行")
                for problem in result.rejected { print("  第 \(problem.row ?? 0) 行 [\(problem.field ?? "")] \(problem.detail.zh)") }
            }
            if !result.rejected.isEmpty { throw ExitCode(65) }
        }
    }

    struct Tree: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "显示区划树")
        @OptionGroup var options: CommandOptions
        @Argument(help: "12 位区划代码") var code: String
        @Option(help: "向下显示的层数") var depth = 1

        func run(_ host: AdminHost) async throws {
            let root = try parseDistrict(code, field: "code")
            let districts = try await host.withPlatform { platform in
                try await DistrictRepository(database: platform.requireOwner()).subtree(of: root, depth: depth)
            }
            guard !districts.isEmpty else { throw CommandOptions.exit(for: DistrictError.notFound(root)) }
            try options.output(districts) {
                for district in districts {
                    print(
                        String(repeating: "  ", count: district.level - districts[0].level)
                            + "\(district.code) \(district.name) (\(District.levelNames[district.level - 1]))")
                }
            }
        }
    }

    struct Add: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "新增一个区划 (上级须已存在)")
        @OptionGroup var options: CommandOptions
        @Argument var code: String
        @Argument var name: String

        func run(_ host: AdminHost) async throws {
            let code = try parseDistrict(self.code, field: "code")
            try await host.withPlatform { try await DistrictRepository(database: $0.requireOwner()).add(code, name: name) }
            print("已新增 \(code) \(name)")
        }
    }

    struct Rename: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "区划更名 (旧名保留在变更历史中)")
        @OptionGroup var options: CommandOptions
        @Argument var code: String
        @Argument var name: String
        @Option(help: "生效日期 yyyy-MM-dd (默认今天)") var effective: String?

        func run(_ host: AdminHost) async throws {
            let code = try parseDistrict(self.code, field: "code")
            let date = try effective.map { try parseDate($0, field: "effective") } ?? options.today()
            try await host.withPlatform {
                try await DistrictRepository(database: $0.requireOwner()).rename(code, to: name, effective: date.description)
            }
            print("已更名 \(code) → \(name)")
        }
    }

    struct Move: CoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "迁移区划到另一上级: 给出新代码; 下级一并换码, 所有引用改指新码, 旧码撤销并记录去向")
        @OptionGroup var options: CommandOptions
        @Argument var code: String
        @Argument(help: "新的 12 位代码 (位于新上级之下)") var newCode: String
        @Option(help: "生效日期 yyyy-MM-dd (默认今天)") var effective: String?

        func run(_ host: AdminHost) async throws {
            let from = try parseDistrict(code, field: "code")
            let to = try parseDistrict(newCode, field: "newCode")
            let date = try effective.map { try parseDate($0, field: "effective") } ?? options.today()
            let moved = try await host.withPlatform { platform in
                try await DistrictRepository(database: platform.requireOwner()).move(
                    from, to: to, effective: date.description, references: platform.districtReferences)
            }
            print("已迁移 \(from) → \(to), 改指 \(moved) 条记录")
        }
    }

    struct Merge: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "合并区划: 并入同级的另一区划, 所有引用改指目标, 旧码撤销并记录去向")
        @OptionGroup var options: CommandOptions
        @Argument var code: String
        @Argument(help: "并入的目标区划") var into: String
        @Option(help: "生效日期 yyyy-MM-dd (默认今天)") var effective: String?

        func run(_ host: AdminHost) async throws {
            let from = try parseDistrict(code, field: "code")
            let target = try parseDistrict(into, field: "into")
            let date = try effective.map { try parseDate($0, field: "effective") } ?? options.today()
            let moved = try await host.withPlatform { platform in
                try await DistrictRepository(database: platform.requireOwner()).merge(
                    from, into: target, effective: date.description, references: platform.districtReferences)
            }
            print("已合并 \(from) → \(target), 改指 \(moved) 条记录")
        }
    }
}
