import ArgumentParser
import Boot
import CSVFiles
import Contract
import Foundation
import Logging

/// How the host reads the options every command shares (`CommandOptions`, in the contract).
extension CommandOptions {
    var settings: Settings {
        var settings = Settings()
        if let databaseURL {
            settings.databaseURL = databaseURL
            settings.migrationDatabaseURL = databaseURL
        } else if settings.migrationDatabaseURL != nil, settings.databaseURL == nil {
            settings.databaseURL = settings.migrationDatabaseURL
        }
        if let dataDir { settings.dataDirectory = URL(fileURLWithPath: dataDir, isDirectory: true).standardizedFileURL }
        if let asOf { settings.today = asOf }
        return settings
    }

    /// Today for this command: `--as-of`, else `TONGHU_TODAY`, else the real day (the platform's clock uses the same).
    public func today() throws -> CalendarDate {
        do { return try settings.clock().today() } catch { throw Self.exit(for: error) }
    }

    /// Prints the error as one line on standard error, in the language of `LANG` (``CommandLanguage``), and maps it to
    /// the CLI's exit codes; a file that does not exist is 66, as a missing record is.
    public static func exit(for error: any Error) -> any Error {
        if error is ExitCode || error is CleanExit { return error }
        let problem =
            (error as? Problem) ?? (error as? any ProblemConvertible)?.problem ?? missingFile(error)
            ?? (error as? CSVError).map { Problem.invalid("file", $0.description, $0.description, row: $0.line) }
        let english = CommandLanguage.current == .english
        let message =
            problem.map { p in
                [
                    p.row.map { english ? "line \($0)" : "第 \($0) 行" }, p.field.map { "[\($0)]" }, english ? p.detail.en : p.detail.zh
                ].compactMap { $0 }.joined(separator: " ")
            } ?? String(describing: error)
        FileHandle.standardError.write(Data("\(english ? "error" : "错误"): \(message)\n".utf8))
        switch problem?.status {
        case 400, 422: return ExitCode(65)
        case 404: return ExitCode(66)
        case 409: return ExitCode(73)
        default: return ExitCode.failure
        }
    }

    /// A 404 naming the file when `error` says an input file does not exist (CSV reader or Foundation).
    private static func missingFile(_ error: any Error) -> Problem? {
        let path: String?
        switch error {
        case let CSVError.unreadable(file, _) where !FileManager.default.fileExists(atPath: file): path = file
        case let error as CocoaError where [.fileReadNoSuchFile, .fileNoSuchFile].contains(error.code):
            path = error.filePath ?? error.url?.path ?? "?"
        default: path = nil
        }
        return path.map {
            Problem(
                kind: "not-found", status: 404, title: .init(zh: "未找到", en: "Not found"),
                detail: .init(zh: "找不到文件 \($0)", en: "no such file: \($0)"), field: "file")
        }
    }
}

/// The language of the CLI's messages: English when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one set) starts with
/// `en`, Chinese otherwise.
enum CommandLanguage {
    case chinese, english

    static var current: CommandLanguage {
        let environment = ProcessInfo.processInfo.environment
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return locale.hasPrefix("en") ? .english : .chinese
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
    try DistrictCode(validating: text, field: field)
}

func parseDate(_ text: String, field: String) throws -> CalendarDate {
    guard let date = CalendarDate(text) else { throw Problem.invalid(field, "\(field) 应为日期 yyyy-MM-dd", "\(field) must be yyyy-MM-dd") }
    return date
}
