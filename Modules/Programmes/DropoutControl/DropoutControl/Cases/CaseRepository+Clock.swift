import Contract
import Foundation
import PostgresNIO
import Schedules

/// The case's clock (``CaseClock``) as items of the core's schedule engine (`core.schedule_items`), kept in the caller's
/// transaction after every change of the case: planned on verification, persuasion done when it is exhausted (the
/// days item then skipped), the report item done by the written report, every open item cancelled by the child's
/// return (复学) or the case's closure (动态销号) — an exit the engine's `undoExit` undoes, restoring only what it
/// cancelled.
///
/// Each change plans under the persuasion rule in force that day for the district, so a new rule re-plans the open
/// items at the case's next change (`DropoutCase.reportDue` reads the rule of the day it is asked).
///
/// The items are filed under the case's responsible district; row-level security lets a transaction write only its
/// scope's items. A change by staff who reach the case through the child's residence alone leaves the items as they
/// are; the next change by the responsible district's staff brings them up to date, since each step is derived from
/// the case as stored.
extension CaseRepository {
    var schedules: ScheduleEngine { context.schedules }

    /// Brings the items of case `id` in line with the case as stored; a case never verified has none.
    func keepClock(_ id: UUID, _ connection: PostgresConnection) async throws {
        guard
            let (state, district, child, verified, closure) = try await connection.query(
                """
                SELECT state, district, child_id, verified_on, closure_reason FROM dropout_control.cases
                WHERE id = \(id) AND district <@ core.scope()
                """, logger: logger
            ).decode((CaseState, DistrictCode, UUID?, CalendarDate?, String?).self).first(),
            let verified
        else { return }
        let subject = CaseClock.subject(case: id, district: district, child: child, verifiedOn: verified)
        let exit = try await connection.query(
            "SELECT id FROM core.schedule_exits WHERE subject = \(subject.id) AND undone_at IS NULL", logger: logger
        ).decode(UUID.self).first()
        guard exit == nil else { return }
        switch state {
        case .suspected:
            return
        case .returned, .closed:
            let reason = state == .returned ? "复学 (returned to school)" : "销号 \(closure ?? "") (case closed)"
            _ = try await schedules.exit(subject.id, district: district, reason: reason, at: context.clock.now(), on: connection)
        case .dropout, .reported, .legal:
            let rule = try await persuasionRule(district, on: context.clock.today(), connection)
            let declaration = try CaseClock.declaration(rule)
            try await schedules.sync(declaration, subject, on: connection)
            if state == .dropout {
                try await exhaust(id, declaration, subject, rule, verified, connection)
            } else {
                try await reported(id, declaration, subject, connection)
            }
        }
    }

    /// Persuasion exhausted (the rule's failed attempts reached): `persuasion` done on that day, `written-report`
    /// skipped, so `written-report-after-attempts` is planned, due at once.
    private func exhaust(
        _ id: UUID, _ declaration: ScheduleDeclaration, _ subject: ScheduleSubject, _ rule: PersuasionRule, _ verified: CalendarDate,
        _ connection: PostgresConnection
    ) async throws {
        let failed = try await connection.query(
            "SELECT attempted_on FROM dropout_control.attempts WHERE case_id = \(id) AND outcome <> 'returned' ORDER BY id", logger: logger
        ).decode(CalendarDate.self).collect()
        guard let exhausted = CaseClock.exhaustedOn(rule, failedOn: failed, verifiedOn: verified) else { return }
        let open = try await openItems(subject, connection)
        let at = ScheduleTime.midnight(of: exhausted)
        if open.contains(CaseClock.persuasion) {
            try await schedules.complete(CaseClock.persuasion, of: declaration, for: subject, at: at, on: connection)
        }
        if open.contains(CaseClock.byDays) {
            try await schedules.skip(
                CaseClock.byDays, of: declaration, for: subject, reason: CaseClock.exhaustedReason, at: at, on: connection)
        }
    }

    /// The written report recorded: the open report item done on its day, `persuasion` skipped if still open.
    private func reported(_ id: UUID, _ declaration: ScheduleDeclaration, _ subject: ScheduleSubject, _ connection: PostgresConnection)
        async throws
    {
        guard
            let reportedOn = try await connection.query(
                "SELECT reported_on FROM dropout_control.reports WHERE case_id = \(id) ORDER BY reported_on LIMIT 1", logger: logger
            ).decode(CalendarDate.self).first()
        else { return }
        let at = ScheduleTime.midnight(of: reportedOn)
        let open = try await openItems(subject, connection)
        if let item = [CaseClock.afterAttempts, CaseClock.byDays].first(where: open.contains) {
            try await schedules.complete(item, of: declaration, for: subject, at: at, on: connection)
        }
        if open.contains(CaseClock.persuasion) {
            try await schedules.skip(
                CaseClock.persuasion, of: declaration, for: subject, reason: CaseClock.reportedReason, at: at, on: connection)
        }
    }

    private func openItems(_ subject: ScheduleSubject, _ connection: PostgresConnection) async throws -> Set<String> {
        Set(try await schedules.items(of: subject.id, in: CaseClock.schedule, on: connection).filter { $0.state == .planned }.map(\.item))
    }
}
