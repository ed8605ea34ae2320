import ArgumentParser
import Contract

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "政策参数 (policy settings): 按区划、按生效日期分版本, 沿区划树向上查找",
        subcommands: [Set.self, Get.self, List.self])

    struct Set: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "新增一个版本 (不修改旧版本)")
        @OptionGroup var options: CommandOptions
        @Argument(help: "参数名, 如 dropout-control.absence-threshold-days") var key: String
        @Option(help: "12 位区划代码; 省略则为全国") var district: String?
        @Option(help: "生效日期 yyyy-MM-dd") var effective: String
        @Option(help: "JSON 值, 如 3 或 \"\\\"red\\\"\" 或 {\"red\":7}") var value: String
        @Option(help: "依据文件, 如 临沧市教育局 2023 年控辍保学通知") var source: String

        func run(_ host: AdminHost) async throws {
            let code = try district.map { try parseDistrict($0) }
            let date = try parseDate(effective, field: "effective")
            let (key, value, source) = (self.key, self.value, self.source)
            try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection { connection in
                    try await platform.context.policy.set(
                        key, district: code, effectiveFrom: date, value: value, source: source, on: connection)
                }
            }
            print("已设置 \(key) @ \(code.map(String.init(describing:)) ?? "全国") 自 \(date) 起 = \(value)")
        }
    }

    struct Get: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "查看某区划在某日生效的值及其来源")
        @OptionGroup var options: CommandOptions
        @Argument var key: String
        @Option(help: "12 位区划代码") var district: String
        @Option(help: "日期 yyyy-MM-dd (默认今天)") var date: String?

        func run(_ host: AdminHost) async throws {
            let code = try parseDistrict(district)
            let day = try date.map { try parseDate($0, field: "date") } ?? options.today()
            let key = self.key
            let setting = try await host.withPlatform { platform in
                try await platform.requireOwner().withConnection {
                    try await platform.context.policy.resolve(key, district: code, on: day, on: $0)
                }
            }
            try options.output(setting) {
                print(
                    "\(setting.key) = \(setting.value)  (来自 \(setting.district ?? "全国默认"), 自 \(setting.effectiveFrom), 依据: \(setting.source))"
                )
            }
        }
    }

    struct List: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "列出已声明的参数及全部版本")
        @OptionGroup var options: CommandOptions
        @Argument var key: String?

        struct Listing: Encodable {
            let declared: [AnyPolicyKey]
            let versions: [PolicySetting]
        }

        func run(_ host: AdminHost) async throws {
            let key = self.key
            let listing = try await host.withPlatform { platform in
                Listing(
                    declared: platform.context.policy.keys.values.sorted { $0.key < $1.key },
                    versions: try await platform.requireOwner().withConnection { try await platform.context.policy.history(key, on: $0) })
            }
            try options.output(listing) {
                for key in listing.declared where self.key == nil || key.key == self.key {
                    print("\(key.key)\t\(key.title.zh)\t默认 \(key.defaultValue)\t(\(key.source))")
                }
                for version in listing.versions {
                    print(
                        "  \(version.key) @ \(version.district ?? "全国") 自 \(version.effectiveFrom) = \(version.value)  [\(version.source)]")
                }
            }
        }
    }
}
