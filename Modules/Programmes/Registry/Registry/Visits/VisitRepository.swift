import Contract
import Foundation
import PostgresNIO
import RegistryInterface

/// Records visits: the colour after the visit (forced to the highest by some findings), the next due date from
/// the colour's interval — moved on only by a visit in a mode the district counts (policy
/// `registry.cadence-visit-modes`) — and supervisor review.
extension FileRepository {
    struct RecordedVisit: Encodable, Sendable {
        let id: UUID
        let colourAfter: String
        let nextDue: CalendarDate
        /// Why the colour was forced to the highest, when it was.
        let forcedBecause: [String]
    }

    func record(_ visit: VisitRequest, child: UUID, visitor: String, role: String, today: CalendarDate, _ connection: PostgresConnection)
        async throws -> RecordedVisit
    {
        guard let facts = try await facts(child, connection),
            let (current, lastVisit) = try await connection.query(
                "SELECT risk_colour, last_visit_on FROM registry.files WHERE child_id = \(child) FOR UPDATE", logger: logger
            ).decode((String, CalendarDate?).self).first()
        else { throw Problem.notFound(FileEndpoints.file) }
        let scheme = try await scheme(for: facts.residence, on: today, connection)
        let findings = VisitFindings(
            age: facts.facts.birthDate.age(on: visit.visitedOn), livesAlone: visit.findings?.livesAlone ?? false,
            suspectedViolence: visit.findings?.suspectedViolence ?? false,
            mandatoryReportSituation: visit.findings?.mandatoryReportSituation ?? false)
        let forced = ForcedRed.reasons(for: findings)
        var colour = RiskColour(rawValue: current) ?? scheme.lowest
        if !forced.isEmpty, colour != scheme.highest {
            try await changeRisk(
                child, to: scheme.highest, reason: forced.joined(separator: "; "), forced: true, by: visitor, confirmed: true,
                today: today, connection)
            colour = scheme.highest
        }
        let counted = try await context.policy.value(of: RegistryPolicy.cadenceVisitModes, in: facts.residence, on: today, on: connection)
            .contains { $0.rawValue == visit.mode }
        // A counted visit not older than the last counted one completes the open item (the next planned from it); an
        // older one is history. An uncounted visit never completes it, but the colour it leaves re-plans the wait from
        // the visit day. The projection is the engine's open item.
        let moves = counted && (lastVisit.map { $0 <= visit.visitedOn } ?? true)
        if counted {
            try await connection.run(
                """
                UPDATE registry.files SET last_visit_on = GREATEST(last_visit_on, \(visit.visitedOn)), updated_at = now()
                WHERE child_id = \(child)
                """, logger: logger)
        }
        if moves {
            try await completeVisit(child, on: visit.visitedOn, colour: colour, today: today, connection)
        } else if !counted {
            try await replanVisit(child, colour: colour, from: visit.visitedOn, today: today, connection)
        }
        let nextDue = try await connection.query(
            "SELECT next_visit_due FROM registry.files WHERE child_id = \(child)", logger: logger
        ).decode(CalendarDate.self).single("registry.files next_visit_due")
        let id = try await connection.query(
            """
            INSERT INTO registry.visits (child_id, visited_on, visitor, visitor_role, mode, met, findings, problems, actions, referrals, colour_after, next_due)
            VALUES (\(child), \(visit.visitedOn.description)::date, \(visitor), \(role), \(visit.mode), \(visit.met ?? []),
                    \(JSONText.encoding(visit.findings ?? .init()))::jsonb, \(visit.problems), \(visit.actions), \(visit.referrals), \(colour.rawValue), \(nextDue.description)::date)
            RETURNING id
            """, logger: logger
        ).decode(UUID.self).single("registry.visits RETURNING id")
        try await context.events.publish(
            RegistryTopics.visitRecorded, VisitRecorded(child: child, visit: id, visitedOn: visit.visitedOn, nextDue: nextDue),
            child: child, district: facts.residence, on: connection)
        return RecordedVisit(id: id, colourAfter: colour.rawValue, nextDue: nextDue, forcedBecause: forced)
    }

    /// 督导: a supervisor's review of a visit, with a note. Returns the child.
    func review(visit: UUID, note: String, by supervisor: String, _ connection: PostgresConnection) async throws -> UUID {
        guard
            let child = try await connection.query(
                """
                UPDATE registry.visits SET reviewed_by = \(supervisor), reviewed_at = now(), review_note = \(note)
                WHERE id = \(visit) RETURNING child_id
                """, logger: logger
            ).decode(UUID.self).first()
        else { throw Problem.notFound(.init(zh: "走访记录", en: "Visit")) }
        return child
    }
}
