import ArgumentParser
import Contract
import Foundation

/// `tonghu health-screening …` — the programme's admin commands. Each is an `AdminCommand`: the CLI host parses it and runs it
/// with a `CommandContext`, which opens the platform as the schema owner.
struct HealthScreeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-screening", abstract: "健康筛查 (Health screening)",
        subcommands: [Count.self, HealthScreeningImportCommand.Births.self, HealthScreeningImportCommand.LabResults.self])

    struct Count: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "统计某区划 (含下级) 随访的新生儿数")
        @OptionGroup var options: CommandOptions
        @Option(help: "12 位区划代码") var district: String

        struct Outcome: Encodable, Equatable {
            let district: String
            let newborns: Int
        }

        func run(_ context: some CommandContext) async throws {
            let outcome = try await count(context)
            try options.output(outcome) { print("区划 \(outcome.district): 新生儿 \(outcome.newborns) 名") }
        }

        func count(_ context: some CommandContext) async throws -> Outcome {
            guard let code = DistrictCode(district) else {
                throw Problem.invalid("district", "区划代码 \(district) 无效: 应为 12 位统计用区划代码", "\(district) is not a 12-digit district code")
            }
            let count = try await context.withPlatform { platform in
                try await platform.requireOwner().withConnection {
                    try await NewbornRepository(context: platform.context).count(in: code, on: $0)
                }
            }
            return Outcome(district: code.description, newborns: count)
        }
    }
}
