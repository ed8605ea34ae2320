import Children
import Contract
import Foundation
import HealthScreening
import TestSupport

/// `tonghu-health-import-bench`: `tonghu health-screening import-lab-results` of `--results` laboratory results (default
/// 1,000,000), one 苯丙酮尿症 (PKU) result per newborn matched by its hospital record number, each chain holding its
/// signed consent and blood spot, against `psql \copy` of the steps it wrote into a clone of the steps table with the
/// same indexes, in the same run on one throwaway embedded cluster. Expects the release `tonghu` beside it.
@main
struct HealthImportBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        let results = arguments.firstIndex(of: "--results").flatMap { Int(arguments[$0 + 1]) } ?? 1_000_000
        let tonghu = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("tonghu").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tonghu-health-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyring = directory.appendingPathComponent("keys.json")
        try Keyring.generate().write(to: keyring)
        let (owner, app) = try await TestCluster.shared.database(programmes: [HealthScreeningProgramme()])
        let psql = { (commands: [String]) throws -> Double in
            try run("/usr/bin/psql", [owner.url, "-q", "-X", "-v", "ON_ERROR_STOP=1"] + commands.flatMap { ["-c", $0] }).seconds
        }

        print("health-screening lab-results import: \(results) results")
        let generated = try psql(ScreeningCohort.statements(newborns: results))
        print(String(format: "  generated %d newborns with their PKU chains (consent, blood spot): %.1f s", results, generated))
        let csv = directory.appendingPathComponent("results.csv")
        try psql([
            "\\copy (\(ScreeningCohort.resultsQuery)) TO '\(csv.path)' WITH (FORMAT csv, HEADER true)", "CHECKPOINT"
        ])

        let (output, imported) = try run(
            "/usr/bin/env",
            [
                "TONGHU_DATABASE_URL=\(app.url)", "TONGHU_MIGRATION_DATABASE_URL=\(owner.url)", "TONGHU_KEYRING_FILE=\(keyring.path)",
                "TONGHU_PROGRAMMES=health-screening", tonghu, "health-screening", "import-lab-results", csv.path
            ])
        print("  " + (output.split(separator: "\n").first { $0.contains("写入结果") }.map(String.init) ?? output))

        let steps = directory.appendingPathComponent("steps.copy").path
        try psql([
            "CREATE TABLE public.steps_clone (LIKE health_screening.steps INCLUDING ALL)",
            "\\copy (SELECT * FROM health_screening.steps WHERE link = 'result') TO '\(steps)'", "CHECKPOINT"
        ])
        let copied = try psql(["\\copy public.steps_clone FROM '\(steps)'"])
        print(String(format: "  tonghu health-screening import-lab-results:  %7.2f s (%.0f rows/s)", imported, Double(results) / imported))
        print(
            String(
                format: "  \\copy of its steps into a clone with its indexes: %7.2f s, ratio %.2f (target ≤ 2.0)",
                copied, imported / copied))
    }

    /// Runs `path` with `arguments` to its end: its output and the seconds it took; a failure throws with its output.
    static func run(_ path: String, _ arguments: [String]) throws -> (output: String, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        (process.standardOutput, process.standardError) = (pipe, pipe)
        let start = Date()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Problem.invalid("command", "\(path) 失败: \(output)", "\(path) failed: \(output)")
        }
        return (output, Date().timeIntervalSince(start))
    }
}
