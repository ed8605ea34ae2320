import Contract
import Foundation

/// The release `tonghu` CLI beside this benchmark, pointed at the benchmark database as a deployment with an external
/// database would be (gateway role, schema owner, keyring file).
struct TonghuCLI {
    let path: String
    let owner: DatabaseConfiguration
    let gatewayRole: DatabaseConfiguration
    let keyring: URL

    /// `tonghu registry import FILE` under `/usr/bin/time -v`: the CLI's summary line, its peak memory and wall-clock seconds.
    func importFile(_ file: URL) throws -> (summary: String, peakMB: Double, seconds: Double) {
        let (output, seconds) = try Command(
            path: "/usr/bin/time", arguments: ["-v", path, "registry", "import", file.path],
            environment: [
                "TONGHU_DATABASE_URL": gatewayRole.url, "TONGHU_MIGRATION_DATABASE_URL": owner.url,
                "TONGHU_KEYRING_FILE": keyring.path, "TONGHU_PROGRAMMES": "registry"
            ]
        ).run()
        let lines = output.split(separator: "\n")
        let peakKB = lines.first { $0.contains("Maximum resident set size") }.flatMap {
            Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))
        }
        return (lines.first { $0.hasPrefix("建档") }.map(String.init) ?? output, Double(peakKB ?? 0) / 1_024, seconds)
    }

    /// Runs psql on the benchmark database as the owner, one `-c` per command; returns the seconds it took.
    @discardableResult
    func psql(_ commands: String...) throws -> Double { try psql(commands) }

    @discardableResult
    func psql(_ commands: [String]) throws -> Double {
        try Command(path: "/usr/bin/psql", arguments: [owner.url, "-q", "-X", "-v", "ON_ERROR_STOP=1"] + commands.flatMap { ["-c", $0] })
            .run().seconds
    }
}
