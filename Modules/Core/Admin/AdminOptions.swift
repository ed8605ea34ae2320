import ArgumentParser
import Boot
import CSVFiles
import Contract
import Foundation
import Logging

/// Options every command that touches the database shares; they override the `TONGHU_*` environment.
public struct AdminOptions: ParsableArguments {
    @Option(help: "数据库所有者地址 (TONGHU_MIGRATION_DATABASE_URL); 省略则使用内置数据库") var databaseURL: String?
    @Option(help: "内置数据库与密钥目录 (TONGHU_DATA_DIR, 默认 .tonghu)") var dataDir: String?
    @Flag(help: "以 JSON 输出, 供脚本使用") public var json = false

    public init() {}

    var settings: Settings {
        var settings = Settings()
        if let databaseURL {
            settings.databaseURL = databaseURL
            settings.migrationDatabaseURL = databaseURL
        } else if settings.migrationDatabaseURL != nil, settings.databaseURL == nil {
            settings.databaseURL = settings.migrationDatabaseURL
        }
        if let dataDir { settings.dataDirectory = URL(fileURLWithPath: dataDir, isDirectory: true).standardizedFileURL }
        return settings
    }

    /// Boots the platform (the embedded cluster is started or shared; stopped afterwards only if started here),
    /// runs `body` with its database clients running, and turns failures into one line and an exit code.
    public func withPlatform<T: Sendable>(migrate: Bool = true, _ body: (Platform) async throws -> T) async throws -> T {
        var logger = Logger(label: "tonghu")
        logger.logLevel = ProcessInfo.processInfo.environment["TONGHU_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        do {
            let booted = try await Bootstrap(settings: settings, catalogue: TonghuCommand.programmes, logger: logger).boot(migrate: migrate)
            do {
                let value = try await booted.platform.withRunningClients { try await body(booted.platform) }
                await booted.shutdown()
                return value
            } catch {
                await booted.shutdown()
                throw error
            }
        } catch {
            throw Self.exit(for: error)
        }
    }

    /// Prints the error as one line on standard error and maps it to the CLI's exit codes.
    public static func exit(for error: any Error) -> any Error {
        if error is ExitCode || error is CleanExit { return error }
        let problem =
            (error as? Problem) ?? (error as? any ProblemConvertible)?.problem
            ?? (error as? CSVError).map { Problem.invalid("file", $0.description, $0.description, row: $0.line) }
        let message =
            problem.map { p in
                [p.row.map { "第 \($0) 行" }, p.field.map { "[\($0)]" }, p.detail.zh].compactMap { $0 }.joined(separator: " ")
            } ?? String(describing: error)
        FileHandle.standardError.write(Data("错误: \(message)\n".utf8))
        switch problem?.status {
        case 400, 422: return ExitCode(65)
        case 404: return ExitCode(66)
        case 409: return ExitCode(73)
        default: return ExitCode.failure
        }
    }

    /// Prints `value` as JSON (with `--json`) or runs `text` to print it for people.
    public func output<T: Encodable>(_ value: T, text: () -> Void) throws {
        guard json else { return text() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

extension AdminOptions {
    /// The file an export writes to, emptied and readable by its owner alone (mode 0600, also when it existed:
    /// exports hold names and may hold revealed ID numbers); standard output when `path` is `nil`. Close it when done.
    public static func outputHandle(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0, fchmod(descriptor, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw exit(for: Problem.invalid("output", "无法写入 \(path): \(reason)", "cannot write \(path): \(reason)"))
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}

/// Reads a password from standard input (`--password-stdin`), without the trailing newline.
func readPasswordFromStandardInput() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw Problem.invalid("password", "请从标准输入提供密码 (--password-stdin)", "provide the password on standard input")
    }
    return line
}

func parseDistrict(_ text: String, field: String = "district") throws -> DistrictCode {
    guard let code = DistrictCode(text) else {
        throw Problem.invalid(field, "区划代码 \(text) 无效: 应为 12 位统计用区划代码", "\(text) is not a 12-digit district code")
    }
    return code
}

func parseDate(_ text: String, field: String) throws -> CalendarDate {
    guard let date = CalendarDate(text) else { throw Problem.invalid(field, "\(field) 应为日期 yyyy-MM-dd", "\(field) must be yyyy-MM-dd") }
    return date
}
