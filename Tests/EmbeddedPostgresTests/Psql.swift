import EmbeddedPostgres
import Foundation

/// Runs `psql` against a running cluster as its superuser, returning trimmed unaligned output.
func psql(_ cluster: RunningCluster, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/psql")
    process.arguments = [
        "-h", cluster.host, "-p", "\(cluster.port)", "-U", cluster.superuser, "-d", cluster.database,
        "-v", "ON_ERROR_STOP=1", "-X", "-tA", "-c", sql
    ]
    process.environment = ["PGPASSWORD": cluster.password, "PGCONNECT_TIMEOUT": "5", "PATH": "/usr/bin:/bin"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0 else { throw PsqlFailure(message: text) }
    return text
}

struct PsqlFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A new empty directory under the temporary directory (mode 0711, so the `postgres` user can reach a cluster inside it).
func withScratchDirectory(_ body: (URL) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appending(path: "tonghu-pg-test-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o711])
    defer { try? FileManager.default.removeItem(at: directory) }
    try await body(directory)
}
