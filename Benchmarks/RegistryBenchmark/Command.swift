import Contract
import Foundation
import TestSupport

/// Runs an executable to its end and returns what it wrote; a non-zero exit fails the benchmark.
struct Command {
    let path: String
    let arguments: [String]
    var environment: [String: String] = [:]

    /// Standard output and error together (error goes through a file, so neither pipe can fill up and block the process),
    /// and the wall-clock seconds the process took.
    @discardableResult
    func run() throws -> (output: String, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let start = ContinuousClock.now
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        let all = text + String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus):\n\(all)")
        }
        return (all, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

extension DatabaseConfiguration {
    /// `postgresql://user:password@host:port/database`, for psql and the CLI.
    var url: String {
        "postgresql://\(username):\(password ?? "")@\(host):\(port)/\(database)"
    }
}
