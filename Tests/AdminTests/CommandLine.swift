import Foundation
import Testing

/// Runs the built `tonghu` / `tonghu-gateway` binaries as an administrator would (output through files, not pipes:
/// a server started by the command must not hold the test's descriptors open).
struct CommandLine {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func binary(_ name: String) throws -> URL {
        let url = root.appendingPathComponent(".build/debug/\(name)")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CommandLineError(description: "\(url.path) is missing: the test command builds it first (see README)")
        }
        return url
    }

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// Runs `tonghu` with `arguments`; `user` runs it as that unprivileged account (via setpriv).
    static func tonghu(_ arguments: [String], input: String? = nil, user: String? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        let process = Process()
        let executable = try binary("tonghu")
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TONGHU_") }
        env.merge(environment) { $1 }
        process.environment = env
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tonghu-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out")
        let err = scratch.appendingPathComponent("err")
        let inp = scratch.appendingPathComponent("in")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inp.path, contents: Data((input ?? "").utf8))
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = try FileHandle(forReadingFrom: inp)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: try String(contentsOf: out, encoding: .utf8),
            error: try String(contentsOf: err, encoding: .utf8))
    }

    /// A fresh data directory under /tmp that an unprivileged user may use too.
    static func dataDirectory(owner: String? = nil) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/tonghu-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        if let owner {
            let chown = Process()
            chown.executableURL = URL(fileURLWithPath: "/bin/chown")
            chown.arguments = [owner, url.path]
            try chown.run()
            chown.waitUntilExit()
        }
        return url
    }
}

struct CommandLineError: Error, CustomStringConvertible {
    let description: String
}
