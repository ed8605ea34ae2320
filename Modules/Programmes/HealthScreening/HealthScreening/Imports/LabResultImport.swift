import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// 筛查结果导入 — results from a laboratory information system (LIS), each matched to its newborn by the hospital record
/// number (or the mother's ID number and birth day) and written as the chain's result step, under the chain's rules
/// (`ChainRepository.check`) and with its deadlines brought up to date. A row whose newborn is not found (or lies
/// outside the writer's districts) is `unmatched`, one that names several `ambiguous`: both are reported by line and
/// not written. A result the chain holds already (same state and time) is matched again, not repeated. Any refused row
/// leaves the whole file unwritten.
///
/// Rows are written `batchSize` at a time: one statement finds the batch's newborns, one locks their chains, one reads
/// the steps they hold, one writes the results; each written chain's schedule items are then reconciled.
struct LabResultImport: Sendable {
    let writer: ImportWriter
    var batchSize = 1_000

    struct Outcome: ImportOutcome {
        var loaded = 0
        /// Rows matched to one newborn's chain (written, or held already).
        var matched = 0
        var unmatched: [Int] = []
        var ambiguous: [Int] = []
        var refused: [Problem] = []

        static let auditAction = "chain.result.import"
        var summary: String {
            "写入结果 \(loaded) 条, 匹配 \(matched) 行, 未匹配 \(unmatched.count) 行, 存疑 \(ambiguous.count) 行, 拒绝 \(refused.count) 行"
        }

        static var examples: [Outcome] {
            [
                Outcome(
                    loaded: 95, matched: 96, unmatched: [12], ambiguous: [40],
                    refused: [
                        Problem.invalid("state", "筛查结果的状态应为 negative/positive/refer/unsatisfactory", "state must be one of …", row: 7)
                    ])
            ]
        }
    }

    func run(_ file: ImportFile) async throws -> Outcome {
        let now = writer.context.clock.now()
        return try await writer.run(
            file, header: LabResultRow.header, order: LabResultRow.order, into: Outcome(), batchesOf: batchSize,
            parse: { try LabResultRow.parse($0, now: now) },
            batch: { outcome, rows, connection in try await write(rows, into: &outcome, at: now, on: connection) },
            row: { outcome, row, connection in try await write([row], into: &outcome, at: now, on: connection) })
    }

    /// Matches and writes `rows`: their newborns, chains and histories read set-wise, each row checked against its
    /// chain's history (and the batch's earlier rows of the same chain), the accepted ones written in one statement.
    private func write(
        _ rows: [(line: Int, row: LabResultRow)], into outcome: inout Outcome, at now: Date, on connection: PostgresConnection
    ) async throws {
        let lookups = ImportRepository(context: writer.context)
        let found = try await lookups.newborns(rows.map(\.row.newborn), on: connection)
        let newborns = Array(Set(found.compactMap { $0.count == 1 ? $0[0] : nil }))
        let chains = try await lookups.lockChains(
            of: newborns, conditions: Array(Set(rows.map(\.row.condition))), on: connection)
        var histories = try await lookups.histories(chains.map(\.id), on: connection)
        var steps: [ImportRepository.ResultStep] = []
        for ((line, row), newborns) in zip(rows, found) {
            guard newborns.count == 1, let newborn = newborns.first else {
                if newborns.isEmpty { outcome.unmatched.append(line) } else { outcome.ambiguous.append(line) }
                continue
            }
            guard
                let chain = chains.first(where: {
                    $0.newborn == newborn && ($0.condition == row.condition || $0.titleZh == row.condition)
                })
            else {
                outcome.refused.append(
                    Problem.invalid("condition", "该新生儿没有病种 \(row.condition) 的筛查链", "the newborn has no \(row.condition) chain", row: line))
                continue
            }
            let history = histories[chain.id, default: []]
            let result = row.result
            if history.contains(where: { $0.link == .result && $0.state == result.state && $0.occurredAt == result.occurredAt }) {
                outcome.matched += 1
                continue
            }
            do {
                try ChainRepository.check(.result, result, bornAt: chain.bornAt, method: chain.method, after: history)
            } catch let problem as Problem {
                let named =
                    problem.field == nil
                    ? Problem(kind: problem.kind, status: problem.status, title: problem.title, detail: problem.detail, field: "state")
                    : problem
                outcome.refused.append(named.at(row: line))
                continue
            }
            histories[chain.id, default: []].append((.result, result.state, result.occurredAt))
            steps.append(.init(chain: chain.id, position: Int32(history.count + 1), result: result))
            outcome.matched += 1
            outcome.loaded += 1
        }
        try await lookups.insertResults(steps, by: writer.actor, at: now, on: connection)
        let repository = ChainRepository(context: writer.context)
        var reconciled = Set<UUID>()
        for step in steps where reconciled.insert(step.chain).inserted {
            try await repository.reconcile(step.chain, on: connection)
        }
    }
}
