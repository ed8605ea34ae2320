import Contract
import Foundation
import Logging
import PostgresNIO
import ScheduleBenchmarkKit
import Schedules
import TestSupport

/// `tonghu-schedule-bench`: the schedule engine's two benchmarks (issue 12), each printing its ratio against a baseline
/// measured in the same run, on one throwaway embedded cluster:
/// - work list: overdue items of one township in a county of `--children` (default 60,000) children aged 0–6 with
///   about 17 planned items each (about 1,000,000), `GET /api/v1/schedule-items` through the gateway's router as a
///   signed-in registrar (session, permission, scope, row-level security, JSON) against the same statement run bare
///   as the owner, `--seconds` (default 10) of requests each;
/// - generation: `ScheduleEngine.sync` of `--newborns` (default 100,000) newborns' schedules in batches of 1,000
///   against one bare `INSERT … SELECT` of the same rows into a copy of the table with the same indexes.
/// `--only worklist|generation` runs one of them.
@main
struct ScheduleBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        let only = value("--only")
        let children = value("--children").flatMap(Int.init) ?? 60_000
        let seconds = value("--seconds").flatMap(Int.init) ?? 10
        let newborns = value("--newborns").flatMap(Int.init) ?? 100_000
        try await run(only: only, children: children, seconds: seconds, newborns: newborns)
    }

    nonisolated static func run(only: String?, children: Int, seconds: Int, newborns: Int) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        if only == nil || only == "worklist" {
            try await TestPlatform.with(logger: logger) { test in
                try await WorklistBenchmark(children: children, seconds: seconds, test: test).run()
            }
        }
        if only == nil || only == "generation" {
            try await TestPlatform.with(logger: logger) { test in
                try await GenerationBenchmark(newborns: newborns, test: test).run()
            }
        }
    }

    /// 0–6 health management (check-ups at 1, 3, 6, 8, 12, 18, 24, 30, 36 months and yearly to 6) and the newborn
    /// screening links counted in hours and days from birth: 17 items per child.
    static let declaration: ScheduleDeclaration = {
        let checkups = [1, 3, 6, 8, 12, 18, 24, 30, 36, 48, 60, 72].map { month in
            ScheduleItem(
                key: "month-\(month)", offset: .months(month),
                window: ScheduleWindow(dueFrom: .days(-14), dueBy: .months(1), expires: .months(3)),
                group: "month-\(month)")
        }
        let screening = [
            ScheduleItem(
                key: "blood-spot", offset: .hours(72), window: ScheduleWindow(dueFrom: .hours(0), dueBy: .days(7), expires: .days(20))),
            ScheduleItem(
                key: "hearing", offset: .hours(48), window: ScheduleWindow(dueFrom: .hours(0), dueBy: .days(7), expires: .days(28))),
            ScheduleItem(
                key: "hearing-rescreen", offset: .days(42), window: ScheduleWindow(dueFrom: .days(-14), dueBy: .days(0), expires: .days(60))
            ),
            ScheduleItem(
                key: "hearing-diagnosis", offset: .months(3),
                window: ScheduleWindow(dueFrom: .months(-1), dueBy: .days(0), expires: .months(1))),
            ScheduleItem(
                key: "hearing-intervention", offset: .months(6),
                window: ScheduleWindow(dueFrom: .months(-1), dueBy: .days(0), expires: .months(1)))
        ]
        do {
            return try ScheduleDeclaration(
                id: "core.child-health", version: 1, title: .init(zh: "儿童健康管理", en: "Child health"),
                anchor: ScheduleAnchor(name: "birth", kind: .datetime), readPermission: CorePermissions.childRead.name,
                items: screening + checkups)
        } catch {
            fatalError("the benchmark's declaration is invalid: \(error)")
        }
    }()
}
