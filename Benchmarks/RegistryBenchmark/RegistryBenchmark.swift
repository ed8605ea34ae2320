import Boot
import Contract
import Foundation
import Logging
import Registry
import TestSupport

/// `tonghu-registry-bench`: the registry's two benchmarks (issue 3), each printing its ratio against a baseline measured
/// in the same run on one throwaway embedded cluster, each in a database of its own:
/// - `ImportBenchmark`: `tonghu registry import` of `--children` rows (default 1,000,000) against `psql \copy`;
/// - `WorklistBenchmark`: the overdue work list of a county with `--worklist-children` (default 100,000) and
///   `--visits-per-child` (default 12) visits, `--seconds` (default 10) of requests per route; `--other-counties N`
///   adds N neighbouring counties of as many files to the database (a province's deployment).
/// `--only import|worklist` runs one of them. Expects the release `tonghu` beside it.
@main
struct RegistryBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        let only = value("--only")
        let tonghu = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("tonghu").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tonghu-registry-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The server (running as `postgres` when this runs as root) never reads these files; psql and the CLI do.
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyring = directory.appendingPathComponent("keys.json")
        try Keyring.generate().write(to: keyring)

        if only == nil || only == "import" {
            let database = try await cli(tonghu, keyring)
            try ImportBenchmark(children: value("--children").flatMap(Int.init) ?? 1_000_000, cli: database, directory: directory).run()
        }
        if only == nil || only == "worklist" {
            try await WorklistBenchmark(
                children: value("--worklist-children").flatMap(Int.init) ?? 100_000,
                visitsPerChild: value("--visits-per-child").flatMap(Int.init) ?? 12,
                otherCounties: value("--other-counties").flatMap(Int.init) ?? 0,
                seconds: value("--seconds").flatMap(Int.init) ?? 10,
                cli: try await cli(tonghu, keyring), directory: directory
            ).run()
        }
    }

    /// A new database with the core and the registry migrated and `BenchCounty` imported.
    static func cli(_ tonghu: String, _ keyring: URL) async throws -> TonghuCLI {
        let (owner, app) = try await TestCluster.shared.database(programmes: [RegistryProgramme()])
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        try await Bootstrap.withTemporary(owner, logger: logger) { try await BenchCounty.create($0) }
        return TonghuCLI(path: tonghu, owner: owner, gatewayRole: app, keyring: keyring)
    }
}
