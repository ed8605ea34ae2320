import Foundation
import TestSupport

/// Latency percentiles of one URL fetched one request at a time (`wrk -t1 -c1` with a script that reports them).
enum Latency {
    static let script = """
        done = function(summary, latency, requests)
            io.write(string.format("latency %d %d %d %d\\n", latency:percentile(50), latency:percentile(95), summary.requests, summary.errors.status))
        end
        """

    /// p50 and p95 in milliseconds and the number of requests; a non-2xx answer fails the benchmark. `headers` are sent
    /// as they are (`Cookie: …` for a console page).
    static func measure(_ url: String, token: String?, headers: [String] = [], seconds: Int, directory: URL) throws -> (
        p50: Double, p95: Double, requests: Int
    ) {
        let file = directory.appendingPathComponent("latency.lua")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let (output, _) = try Command(
            path: "/usr/bin/wrk",
            arguments: ["-t1", "-c1", "-d\(seconds)s", "-s", file.path]
                + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []) + headers.flatMap { ["-H", $0] } + [url]
        ).run()
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("latency ") }) else {
            throw TestFailure("wrk failed for \(url):\n\(output)")
        }
        let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard values.count == 4, values[3] == 0 else { throw TestFailure("non-2xx answers from \(url):\n\(output)") }
        return (Double(values[0]) / 1_000, Double(values[1]) / 1_000, values[2])
    }
}
