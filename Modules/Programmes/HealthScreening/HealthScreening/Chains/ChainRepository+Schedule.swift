import Contract
import Foundation
import PostgresNIO
import Schedules

/// A chain's deadlines in the core's schedule engine (`core.schedule_items`, `ChainClock`'s schedules), kept in the
/// caller's transaction: planned when the chain opens, brought up to date with its steps after every step (`reconcile`),
/// read back with their timeliness.
///
/// The items are filed under the newborn's residence district and row-level security lets a transaction write only
/// its scope's items: a step recorded by staff whose scope lacks it (a birth hospital in another county) leaves them
/// as they are, and the next step recorded within the residence's scope brings them up to date (reconciling replays
/// every step, so nothing is lost).
extension ChainRepository {
    var engine: ScheduleEngine { ScheduleEngine(logger: context.logger) }

    /// The chain as the engine sees it, `nil` when the connection may not see it.
    func clockSubject(_ id: UUID, on connection: PostgresConnection) async throws
        -> (declaration: ScheduleDeclaration, subject: ScheduleSubject, steps: [ChainHistory])?
    {
        guard
            let (condition, method, district, child, bornAt, arrivedAt) = try await connection.query(
                """
                SELECT c.condition, c.method, n.district, n.child_id, n.born_at, n.arrived_at
                FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn WHERE c.id = \(id)
                """, logger: context.logger
            ).decode((String, Condition.Method, DistrictCode, UUID?, Date, Date?).self).first()
        else { return nil }
        let steps = try await connection.query(
            "SELECT link, state, occurred_at, reason FROM health_screening.steps WHERE chain = \(id) ORDER BY position",
            logger: context.logger
        ).decode((Link, String, Date, String?).self).collect().map { ChainHistory(link: $0.0, state: $0.1, occurredAt: $0.2, reason: $0.3) }
        let declaration = try await context.policy.value(
            of: ChainClock.key(condition: condition, method: method), in: district, on: CalendarDate.today(bornAt), on: connection)
        let subject = ChainClock.subject(chain: id, district: district, child: child, bornAt: bornAt, arrivedAt: arrivedAt, steps: steps)
        return (declaration, subject, steps)
    }

    /// Plans the chain's items and closes those its steps closed (done at the step's time, or skipped with the refused
    /// consent's reason), in step order; an outcome that ends follow-up (lost, died, moved away) exits the subject.
    /// Idempotent: items already closed stay as they are. Does nothing where this transaction may not write the items.
    func reconcile(_ id: UUID, on connection: PostgresConnection) async throws {
        guard let (declaration, subject, steps) = try await clockSubject(id, on: connection),
            try await Self.mayWriteItems(of: subject.district, on: connection, context: context)
        else { return }
        try await engine.sync(declaration, subject, on: connection)
        for closure in ChainClock.closures(steps, in: declaration) {
            let open = try await engine.items(of: subject.id, in: declaration.id, on: connection).contains {
                $0.item == closure.item && ($0.state == .planned || $0.state == .beforeJoining)
            }
            guard open else { continue }
            if let reason = closure.skipReason {
                try await engine.skip(closure.item, of: declaration, for: subject, reason: reason, at: closure.at, on: connection)
            } else {
                try await engine.complete(closure.item, of: declaration, for: subject, at: closure.at, on: connection)
            }
        }
        if let exit = ChainClock.exit(steps) {
            let active = try await connection.query(
                "SELECT 1 FROM core.schedule_exits WHERE subject = \(subject.id) AND undone_at IS NULL", logger: context.logger
            ).decode(Int.self).first()
            if active == nil {
                _ = try await engine.exit(
                    subject.id, district: subject.district, reason: "转归 \(exit.state)", at: exit.occurredAt, on: connection)
            }
        }
    }

    /// Whether this transaction's scope holds `district`, so row-level security lets it write the engine's items there.
    static func mayWriteItems(of district: DistrictCode, on connection: PostgresConnection, context: ProgrammeContext) async throws -> Bool
    {
        try await connection.query("SELECT \(district.value)::int8 <@ core.scope()", logger: context.logger).decode(Bool?.self).first()
            == true
    }

    /// Every planned link of the chain with its deadline and timeliness at `now`, in the schedule's order.
    func deadlines(_ id: UUID, at now: Date, on connection: PostgresConnection) async throws -> [LinkDeadline] {
        guard let (declaration, subject, _) = try await clockSubject(id, on: connection) else { return [] }
        let items = try await engine.items(of: subject.id, in: declaration.id, on: connection)
        return declaration.items.compactMap { item in
            items.first { $0.item == item.key }.map {
                LinkDeadline($0, title: item.title ?? .init(zh: item.key, en: item.key), at: now)
            }
        }
    }
}
