import Contract
import Foundation
import PostgresNIO
import Schedules
import TestSupport

/// What the schedule engine's benchmarks share: the benchmark county's villages, children born evenly over six years,
/// planning subjects with the engine in batches as the gateway's role, and latency sampling.
public enum ScheduleBench {
    /// A village of the benchmark county (武进区): 20 townships (湖塘镇 is 100) of 30 villages.
    public static func village(_ n: Int) -> DistrictCode {
        DistrictCode(value: 320_412_000_000 + Int64(100 + n % 20) * 1_000 + 201 + Int64(n / 20 % 30)) ?? TestPlatform.villageA
    }

    /// The birth of child `n` of `count` born evenly over the six years before `now`, the youngest first.
    public static func birth(_ n: Int, of count: Int, before now: Date) -> Date {
        now.addingTimeInterval(-Double(n) / Double(count) * 6 * 365.25 * 86_400)
    }

    /// Runs `body` as the gateway's role with the county in scope.
    public static func scoped<T: Sendable>(_ test: TestPlatform, _ body: @Sendable (PostgresConnection) async throws -> T) async throws
        -> T
    {
        try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope([TestPlatform.county]).multirange)], body)
    }

    /// Plans `declaration` for the subjects `subject(0..<count)` with the engine, 1,000 to a transaction, county in scope.
    public static func plan(
        _ declaration: ScheduleDeclaration, count: Int, on test: TestPlatform, subject: (Int) -> ScheduleSubject
    ) async throws {
        let engine = test.platform.context.schedules
        for start in stride(from: 0, to: count, by: 1_000) {
            let subjects = (start..<min(start + 1_000, count)).map(subject)
            _ = try await scoped(test) { try await engine.sync(declaration, subjects, on: $0) }
        }
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// p50 and p95 in milliseconds of `body` run one at a time for `seconds`, after a second of warm-up.
    public static func measure(seconds: Int, _ body: () async throws -> Void) async throws -> Latency {
        let clock = ContinuousClock()
        let warm = clock.now.advanced(by: .seconds(1))
        while clock.now < warm { try await body() }
        var samples: [Double] = []
        let end = clock.now.advanced(by: .seconds(seconds))
        while clock.now < end {
            samples.append(Self.seconds(try await clock.measure { try await body() }) * 1_000)
        }
        samples.sort()
        return Latency(
            p50: samples[samples.count / 2], p95: samples[min(samples.count - 1, samples.count * 95 / 100)], requests: samples.count)
    }

    /// The nodes of `query`'s plan that read a table or an index, outermost first, as the gateway's role with `district`
    /// in scope.
    public static func plan(of query: PostgresQuery, scope district: DistrictCode, on test: TestPlatform) async throws -> [String] {
        try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope([district]).multirange)]) { connection in
            var explain = query
            explain.sql = "EXPLAIN " + explain.sql
            return try await connection.query(explain, logger: test.logger).decode(String.self).collect()
                .filter { $0.contains(" Scan") && !$0.contains("CTE Scan") }
                .map { line in
                    let node = line.components(separatedBy: "  (").first ?? line
                    return node.trimmingCharacters(in: CharacterSet(charactersIn: " ->"))
                }
        }
    }
}

/// Latency percentiles in milliseconds and how many runs they were taken over.
public struct Latency: Sendable {
    public let p50: Double
    public let p95: Double
    public let requests: Int
}
