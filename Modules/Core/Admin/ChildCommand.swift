import ArgumentParser
import CSVFiles
import Contract
import Foundation

struct ChildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "child", abstract: "儿童主索引 (children master index)", subcommands: [Import.self])

    struct Import: CoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 CSV 登记儿童: idNumber,name,residenceDistrict,hukouDistrict (表头可有可无; UTF-8 或 GB18030)",
            discussion: "逐行校验身份证号 (GB 11643)、姓名与区划; 坏行报告行号、字段与原因, 其余行照常登记; 重复运行不会重复登记.")
        @OptionGroup var options: CommandOptions
        @Argument(help: "CSV 文件") var file: String

        struct Outcome: Encodable {
            var registered = 0
            var alreadyRegistered = 0
            var rejected: [Problem] = []
        }

        func run(_ host: AdminHost) async throws {
            var rows: [(line: Int, child: ChildRepository.Validated)] = []
            var outcome = Outcome()
            let today = try options.today()
            try checked {
                var reader = try CSVReader(url: URL(fileURLWithPath: file))
                while let record = try reader.nextRecord() {
                    let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    if record.line == 1, fields.first.map({ $0.lowercased().contains("id") || $0.contains("身份证") }) == true { continue }
                    guard fields.count >= 4 else {
                        outcome.rejected.append(.invalid("row", "应有 4 列: 身份证号,姓名,居住地区划,户籍地区划", "expected 4 columns", row: record.line))
                        continue
                    }
                    do {
                        rows.append(
                            (
                                record.line,
                                try ChildRepository.validate(
                                    NewChild(idNumber: fields[0], name: fields[1], residenceDistrict: fields[2], hukouDistrict: fields[3]),
                                    today: today)
                            ))
                    } catch let problem as Problem {
                        outcome.rejected.append(problem.at(row: record.line))
                    }
                }
            }
            let codes = Set(rows.flatMap { [$0.child.residence, $0.child.hukou] })
            let (candidates, validated) = (rows, outcome)
            outcome = try await host.withPlatform { platform in
                var outcome = validated
                let owner = try platform.requireOwner()
                let known = try await platform.context.districts.inForce(codes)
                let valid = candidates.filter { row in
                    for (code, field) in [(row.child.residence, "residenceDistrict"), (row.child.hukou, "hukouDistrict")]
                    where !known.contains(code) {
                        outcome.rejected.append(.invalid(field, "区划 \(code) 不存在或已撤销", "unknown district \(code)", row: row.line))
                        return false
                    }
                    return true
                }
                for start in stride(from: 0, to: valid.count, by: 1_000) {
                    let batch = Array(valid[start..<min(start + 1_000, valid.count)])
                    let results = try await owner.transaction { connection in
                        let results = try await platform.context.children.registerBatch(batch.map(\.child), on: connection)
                        let entries = zip(batch, results).compactMap { _, result -> AuditEntry? in
                            guard case let .success(id) = result else { return nil }
                            return AuditEntry(
                                actor: "cli:\(NSUserName())", action: "child.register", programme: "core", entity: "child",
                                entityID: id.uuidString, childID: id)
                        }
                        try await platform.context.audit.record(entries, on: connection)
                        return results
                    }
                    for result in results {
                        if case .success = result { outcome.registered += 1 } else { outcome.alreadyRegistered += 1 }
                    }
                }
                return outcome
            }
            outcome.rejected.sort { ($0.row ?? 0) < ($1.row ?? 0) }
            try options.output(outcome) {
                print("登记 \(outcome.registered) 名, 已登记过 \(outcome.alreadyRegistered) 名, 拒绝 \(outcome.rejected.count) 行")
                for problem in outcome.rejected { print("  第 \(problem.row ?? 0) 行 [\(problem.field ?? "")] \(problem.detail.zh)") }
            }
            if !outcome.rejected.isEmpty { throw ExitCode(65) }
        }
    }
}
