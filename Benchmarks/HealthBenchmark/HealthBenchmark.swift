import Contract
import Foundation
import HealthScreening
import Logging
import PostgresNIO
import ScheduleBenchmarkKit
import Schedules
import TestSupport

/// `tonghu-health-bench`: the health-screening recall work list (召回工作清单) of 湖塘镇, one township of twenty, in a county
/// of `--children` (default 60,000) newborns born evenly over six years, each with the four national screening chains
/// (CH, PKU, hearing, heart) and their deadlines planned by the schedule engine from the programme's own declarations:
/// `GET /api/v1/health-screening/worklist?list=recalls&district=<湖塘镇>` through the gateway's router as the township
/// health centre against the same statement run bare as the owner, `--seconds` (default 10) of requests each.
@main
struct HealthBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        let children = value("--children").flatMap(Int.init) ?? 60_000
        let seconds = value("--seconds").flatMap(Int.init) ?? 10
        try await run(children: children, seconds: seconds)
    }

    nonisolated static func run(children: Int, seconds: Int) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        try await TestPlatform.with(programmes: [HealthScreeningProgramme()], logger: logger) { test in
            try await RecallBenchmark(children: children, seconds: seconds, test: test).run()
        }
    }
}
