import Contract
import Foundation
import PostgresNIO

/// The SQL of screening chains and their steps, on the connection it is given (under the caller's scope).
struct ChainRepository: Sendable {
    let context: ProgrammeContext

    /// The chain with its steps, `detail` left out unless `withDetails` says so for its newborn's district and birth
    /// district; `nil` when outside what the connection may see.
    func chain(_ id: UUID, withDetails: (DistrictCode, DistrictCode) -> Bool, on connection: PostgresConnection) async throws -> Chain? {
        let chains = try await connection.query(
            """
            SELECT c.newborn, c.condition, c.title_zh, c.title_en, c.method, c.outcome, n.district, n.birth_district
            FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn WHERE c.id = \(id)
            """, logger: context.logger
        ).decode((UUID, String, String, String, Condition.Method, String?, DistrictCode, DistrictCode).self).collect()
        guard case let (newborn, condition, zh, en, method, outcome, district, birthDistrict)? = chains.first else { return nil }
        let details = withDetails(district, birthDistrict)
        let steps = try await connection.query(
            """
            SELECT id, link, state, occurred_at, institution, person, method, reason, detail, recorded_by
            FROM health_screening.steps WHERE chain = \(id) ORDER BY position
            """, logger: context.logger
        ).decode((UUID, Link, String, Date, String?, String?, String?, String?, String?, String).self).collect().map {
            Step(
                id: $0.0, link: $0.1, state: $0.2, occurredAt: $0.3, institution: $0.4, person: $0.5, method: $0.6, reason: $0.7,
                detail: details ? $0.8 : nil, recordedBy: $0.9)
        }
        return Chain(
            id: id, newborn: newborn, condition: condition, title: .init(zh: zh, en: en), method: method, stage: steps.last?.link,
            outcome: outcome, steps: steps, deadlines: try await deadlines(id, at: context.clock.now(), on: connection))
    }

    /// Records `record` as the chain's next `link` step if the chain's rules allow it (`ChainRules`), the chain locked
    /// meanwhile; a refused consent also records the outcome `refused`, and an outcome closes the chain. The step may be
    /// back-dated, never before the birth or the chain's previous step; a blood spot is never taken in the first 72 hours
    /// (the sample cannot be read before the newborn has fed). The chain's deadlines follow in the same transaction.
    func record(_ link: Link, _ record: StepRecord.Validated, chain id: UUID, by actor: String, on connection: PostgresConnection)
        async throws -> Bool
    {
        let locked = try await connection.query(
            """
            SELECT n.born_at, c.method FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn
            WHERE c.id = \(id) FOR UPDATE OF c
            """, logger: context.logger
        ).decode((Date, Condition.Method).self).collect()
        guard let (bornAt, method) = locked.first else { return false }
        let history = try await connection.query(
            "SELECT link, state, occurred_at FROM health_screening.steps WHERE chain = \(id) ORDER BY position", logger: context.logger
        ).decode((Link, String, Date).self).collect()
        try Self.check(link, record, bornAt: bornAt, method: method, after: history.map { ($0.0, $0.1, $0.2) })
        var steps = [(link, record)]
        if link == .consent, record.state == "refused" {
            steps.append((.outcome, StepRecord.Validated(state: "refused", occurredAt: record.occurredAt)))
        }
        let now = context.clock.now()
        for (offset, (link, step)) in steps.enumerated() {
            try await connection.run(
                """
                INSERT INTO health_screening.steps (chain, position, link, state, occurred_at, institution, person, method, reason, detail,
                    recorded_by, recorded_at)
                VALUES (\(id), \(history.count + offset + 1), \(link.rawValue), \(step.state), \(step.occurredAt), \(step.institution),
                    \(step.person), \(step.method), \(step.reason), \(step.detail), \(actor), \(now))
                """, logger: context.logger)
            if link == .outcome {
                try await connection.run(
                    "UPDATE health_screening.chains SET outcome = \(step.state), closed_at = \(step.occurredAt) WHERE id = \(id)",
                    logger: context.logger)
            }
        }
        try await reconcile(id, on: connection)
        return true
    }

    /// Whether `record` may be the next `link` step of a chain born at `bornAt` whose steps are `history` (oldest
    /// first): the chain's rules (`ChainRules`), never before the birth or the previous step, a blood spot not in the
    /// first 72 hours. Throws the 409 or 422 saying why not.
    static func check(
        _ link: Link, _ record: StepRecord.Validated, bornAt: Date, method: Condition.Method,
        after history: [(link: Link, state: String, occurredAt: Date)]
    ) throws {
        try ChainRules.check(link, record.state, after: history.map { ($0.link, $0.state) })
        guard record.occurredAt >= bornAt else {
            throw Problem.invalid("occurredAt", "时间早于出生时间", "occurredAt is before the birth")
        }
        if link == .screen, method == .bloodSpot, record.occurredAt < bornAt.addingTimeInterval(ChainClock.earliestSample) {
            throw Problem.invalid("occurredAt", "足跟血须在出生 72 小时后采集", "a blood spot is taken 72 hours after birth at the earliest")
        }
        if let previous = history.last?.occurredAt, record.occurredAt < previous {
            throw Problem.invalid("occurredAt", "时间早于本筛查链的上一环节", "occurredAt is before the chain's previous step")
        }
    }
}

extension StepRecord {
    /// A step checked field by field for its link.
    struct Validated: Sendable {
        let state: String
        let occurredAt: Date
        var institution: String? = nil
        var person: String? = nil
        var method: String? = nil
        var reason: String? = nil
        var detail: String? = nil
    }

    static let methods = ["phone", "sms", "visit", "letter"]

    /// The members `link` needs, trimmed and bounded; a 422 names the member at fault.
    func validated(for link: Link, now: Date) throws -> Validated {
        guard link.states.contains(state) else {
            throw Problem.invalid(
                "state", "\(link.title.zh)的状态应为 \(link.states.joined(separator: "/"))", "state must be one of \(link.states)")
        }
        func optional(_ text: String?, _ field: String, _ limit: Int) throws -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return try NewbornRegistration.bounded(text, field, limit)
        }
        let step = Validated(
            state: state, occurredAt: try Instant.parse(occurredAt, "occurredAt", notAfter: now),
            institution: try optional(institution, "institution", 100), person: try optional(person, "person", 50),
            method: try optional(method, "method", 10), reason: try optional(reason, "reason", 500),
            detail: try optional(detail, "detail", 2000))
        if let method = step.method, !Self.methods.contains(method) {
            throw Problem.invalid("method", "通知方式应为 phone/sms/visit/letter", "method must be phone, sms, visit or letter")
        }
        if link == .screen || link == .treatment || state == "referred", step.institution == nil {
            throw Problem.invalid("institution", "请填写机构", "institution is required")
        }
        if link == .recall, state == "notified" {
            guard step.person != nil else { throw Problem.invalid("person", "请填写被通知人", "person is required") }
            guard step.method != nil else { throw Problem.invalid("method", "请填写通知方式", "method is required") }
        }
        if ["rejected", "lost"].contains(state), step.reason == nil {
            throw Problem.invalid("reason", "请填写原因", "reason is required")
        }
        return step
    }
}
