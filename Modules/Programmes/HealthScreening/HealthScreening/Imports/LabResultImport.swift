import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// 筛查结果导入 — results from a laboratory information system (LIS), each matched to its newborn by the hospital record
/// number (or the mother's ID number and birth day) and written as the chain's result step
/// (`ChainRepository.record(.result, …)`, the chain's rules and deadlines as by the route). A row whose newborn is not
/// found (or lies outside the writer's districts) is `unmatched`, one that names several `ambiguous`: both are reported
/// by line and not written. A result the chain holds already (same state and time) is matched again, not repeated. Any
/// refused row leaves the whole file unwritten.
struct LabResultImport: Sendable {
    let writer: ImportWriter

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
        let writer = writer
        let (chains, lookups) = (ChainRepository(context: writer.context), ImportRepository(context: writer.context))
        let now = writer.context.clock.now()
        return try await writer.run(file, header: LabResultRow.header, order: LabResultRow.order, into: Outcome()) {
            outcome, cells, connection in
            let row = try LabResultRow.parse(cells, now: now)
            let found = try await lookups.newborns(row.newborn, on: connection)
            guard found.count == 1, let newborn = found.first else {
                if found.isEmpty { outcome.unmatched.append(cells.line) } else { outcome.ambiguous.append(cells.line) }
                return
            }
            guard let chain = try await lookups.chain(of: newborn, condition: row.condition, on: connection) else {
                throw Problem.invalid("condition", "该新生儿没有病种 \(row.condition) 的筛查链", "the newborn has no \(row.condition) chain")
            }
            outcome.matched += 1
            if try await lookups.hasResult(chain, state: row.result.state, at: row.result.occurredAt, on: connection) { return }
            do {
                guard try await chains.record(.result, row.result, chain: chain, by: writer.actor, on: connection) else {
                    outcome.matched -= 1
                    outcome.unmatched.append(cells.line)
                    return
                }
            } catch let problem as Problem where problem.field == nil {
                throw Problem(
                    kind: problem.kind, status: problem.status, title: problem.title, detail: problem.detail, field: "state")
            }
            outcome.loaded += 1
        }
    }
}
