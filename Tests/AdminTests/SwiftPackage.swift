import Foundation

/// Runs the toolchain's `swift` in a package directory, as a developer would, from inside the suite. The suite itself
/// runs under `swift test`, which holds the lock of this package's `.build`: commands on this package pass
/// `--ignore-lock` and only read (the manifest, the package graph); anything that builds uses another package directory.
enum SwiftPackage {
    struct Result {
        let status: Int32
        /// Standard output and standard error, interleaved.
        let output: String
    }

    /// `swift <arguments>` in `directory`.
    static func run(_ arguments: [String], in directory: URL) throws -> Result {
        try execute(URL(fileURLWithPath: "/usr/bin/env"), ["swift"] + arguments, in: directory)
    }

    /// Runs `executable` in `directory` without the `TONGHU_*` environment; the output goes through a file (a
    /// compiler daemon must not hold a pipe open).
    static func execute(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("swift-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TONGHU_") }
        process.currentDirectoryURL = directory
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return Result(status: process.terminationStatus, output: try String(contentsOf: log, encoding: .utf8))
    }

    /// Writes `text` to `path` under `root`, creating the folders.
    static func write(_ text: String, to root: URL, _ path: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
