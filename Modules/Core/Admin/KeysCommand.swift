import ArgumentParser
import Contract
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "身份证号与电话号码的加密密钥 (ID-number and phone keys)", subcommands: [Rotate.self])

    struct Rotate: CoreCommand {
        static let configuration = CommandConfiguration(
            abstract: "生成新密钥并以其重新加密全部身份证号及各业务模块的加密字段 (如电话号码); 网关无需停机 (遇到新密钥编号时自动重读密钥文件)",
            discussion: "旧密钥保留在密钥文件中, 供尚未重新加密的记录读取. 使用外部数据库时密钥文件由 TONGHU_KEYRING_FILE 指定.")
        @OptionGroup var options: CommandOptions

        /// `reencrypted` counts ID numbers; `fields` every sealed column's count by field.
        struct Outcome: Encodable {
            let activeKey: String
            let reencrypted: Int
            let fields: [String: Int]
        }

        func run(_ host: AdminHost) async throws {
            let outcome = try await host.withPlatform { platform in
                let settings = options.settings
                let file = settings.keyringFile ?? settings.dataDirectory.appendingPathComponent("keys.json")
                let rotated = platform.keyring.current.rotated()
                try rotated.write(to: file)
                platform.keyring.replace(with: rotated)
                let fields = try await platform.reencrypt(on: platform.requireOwner())
                return Outcome(activeKey: rotated.active, reencrypted: fields[Keyring.idNumberField] ?? 0, fields: fields)
            }
            try options.output(outcome) {
                let others = outcome.fields.filter { $0.key != Keyring.idNumberField }.sorted { $0.key < $1.key }.map {
                    ", \($0.key) \($0.value) 个"
                }
                print("新密钥 \(outcome.activeKey) 已启用, 重新加密 \(outcome.reencrypted) 个身份证号" + others.joined())
            }
        }
    }
}

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "事件投递 (event delivery)", subcommands: [Status.self])

    struct Status: CoreCommand {
        static let configuration = CommandConfiguration(abstract: "各订阅的投递位置、重试与死信")
        @OptionGroup var options: CommandOptions

        func run(_ host: AdminHost) async throws {
            let status = try await host.withPlatform { platform in
                try await EventStatus.read(platform.requireOwner())
            }
            try options.output(status) {
                for s in status.subscriptions {
                    print(
                        "\(s.subscriber) ← \(s.topic): 已投递至 #\(s.position), 积压 \(s.backlog)\(s.attempts > 0 ? ", 重试第 \(s.attempts) 次: \(s.lastError ?? "")" : "")"
                    )
                }
                for d in status.deadLetters { print("死信 #\(d.eventID) \(d.topic) → \(d.subscriber) (\(d.attempts) 次): \(d.error)") }
            }
        }
    }
}
