import Foundation
import Glibc
import Testing

@testable import Vocabulary

/// What a new administrator meets in the first hour: the version, a mistyped file name, English messages, and a
/// checkout in a private home directory.
@Suite("命令行的第一小时 the CLI's first hour")
struct FirstHourCommandTests {
    @Test("tonghu --version and tonghu-gateway --version print the release")
    func version() throws {
        let cli = try CommandLine.tonghu(["--version"])
        #expect(cli.status == 0 && cli.output.trimmingCharacters(in: .whitespacesAndNewlines) == Release.version, "\(cli)")
        let gateway = Process()
        gateway.executableURL = try CommandLine.binary("tonghu-gateway")
        gateway.arguments = ["--version"]
        let output = Pipe()
        gateway.standardOutput = output
        try gateway.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        gateway.waitUntilExit()
        #expect(gateway.terminationStatus == 0 && text.trimmingCharacters(in: .whitespacesAndNewlines) == Release.version)
    }

    @Test("a missing input file exits 66 naming it, in Chinese, or in English under LANG=en_US.UTF-8")
    func missingFile() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let missing = "/tmp/tonghu-no-such-\(UUID().uuidString.prefix(6)).csv"
        for command in [["district", "import", missing], ["registry", "import", missing]] {
            let chinese = try CommandLine.tonghu(
                command + ["--data-dir", data.path], environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
            #expect(chinese.status == 66, "\(command): \(chinese.error)")
            #expect(chinese.error.contains("错误: [file] 找不到文件 \(missing)"), "\(chinese.error)")
            #expect(!chinese.error.contains("NSCocoaErrorDomain"))
            let english = try CommandLine.tonghu(
                command + ["--data-dir", data.path], environment: ["LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
            #expect(english.status == 66 && english.error.contains("error: [file] no such file: \(missing)"), "\(english.error)")
        }
    }

    @Test("as root, a checkout in a 0700 home directory migrates and serves its embedded database")
    func privateHome() throws {
        guard getuid() == 0 else { return }
        let home = URL(fileURLWithPath: "/tmp/tonghu-home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: home) }
        let data = home.appendingPathComponent("checkout/.tonghu")
        let migrated = try CommandLine.tonghu(["db", "migrate", "--data-dir", data.path])
        #expect(migrated.status == 0, "\(migrated.error)")
        let status = try CommandLine.tonghu(["db", "status", "--data-dir", data.path])
        #expect(status.output.contains("已执行  core #1"), "\(status.error)")
    }
}
