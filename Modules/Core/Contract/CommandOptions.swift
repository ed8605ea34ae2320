import ArgumentParser
import Foundation

/// Options every `tonghu` command shares; they override the `TONGHU_*` environment. The CLI host reads them to open
/// the platform (`CommandContext.withPlatform`).
public struct CommandOptions: ParsableArguments {
    @Option(help: "数据库所有者地址 (TONGHU_MIGRATION_DATABASE_URL); 省略则使用内置数据库") package var databaseURL: String?
    @Option(help: "内置数据库与密钥目录 (TONGHU_DATA_DIR, 默认 .tonghu)") package var dataDir: String?
    @Flag(help: "以 JSON 输出, 供脚本使用") public var json = false
    @Option(name: .customLong("as-of"), help: "按指定日期 yyyy-MM-dd 作为今天运行 (TONGHU_TODAY); 省略则为真实日期") package var asOf: String?

    public init() {}

    /// Prints `value` as JSON (with `--json`) or runs `text` to print it for people.
    public func output<T: Encodable>(_ value: T, text: () -> Void) throws {
        guard json else { return text() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// The file an export writes to, emptied and readable by its owner alone (mode 0600, also when it existed:
    /// exports hold names and may hold revealed ID numbers); standard output when `path` is `nil`. Close it when done.
    public static func outputHandle(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0, fchmod(descriptor, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw Problem.invalid("output", "无法写入 \(path): \(reason)", "cannot write \(path): \(reason)")
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
