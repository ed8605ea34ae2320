import Contract
import DropoutControlInterface
import Foundation
import PostgresNIO

/// Reads and writes cases on the caller's scoped connection; every change adds a history row, and the events (case
/// opened, child returned, case closed), the child's schooling status (`SchoolingStatus`) and the case's clock on the
/// schedule engine (`keepClock`) are written in the same transaction.
struct CaseRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }
    static let what = Localized(zh: "控辍保学个案", en: "Dropout case")

    static func wrongState(_ state: CaseState, _ zh: String, _ en: String) -> Problem {
        Problem(
            kind: "case-state", status: 409, title: .init(zh: "个案状态不允许此操作", en: "Not allowed in this state"),
            detail: .init(zh: "个案当前为 \(state.rawValue): \(zh)", en: "the case is \(state.rawValue): \(en)"), field: "state")
    }

    // MARK: - Opening and verifying

    /// Opens a suspected case (疑似辍学) in `district`; a student has at most one open case (409 pointing at it).
    func open(
        _ student: Student, term: Term, district: DistrictCode, source: String, note: String?, by actor: String, today: CalendarDate,
        _ connection: PostgresConnection
    ) async throws -> UUID {
        let existing = try await connection.query(
            """
            SELECT id FROM dropout_control.cases WHERE id_index = \(student.index) AND state <> 'closed'
            """, logger: logger
        ).decode(UUID.self).first()
        if let existing {
            throw Problem.conflict("该学生已有未销号的个案", "the student already has an open case", field: "idNumber", existing: existing.uuidString)
        }
        let id = try await connection.query(
            """
            INSERT INTO dropout_control.cases (term, id_index, child_id, name, district, residence_district, school, source, state, opened_on, opened_by)
            VALUES (\(term.description), \(student.index), \(student.child), \(student.name), \(district.value), \(student.residence?.value),
                    \(student.school), \(source), 'suspected', \(today.description)::date, \(actor))
            RETURNING id
            """, logger: logger
        ).decode(UUID.self).collect()[0]
        try await log(id, .suspected, on: today, note: note, by: actor, connection)
        return id
    }

    /// 核实: confirms the suspected case as a dropout (persuasion starts, its clock planned) and tells civil affairs.
    func verify(_ id: UUID, on date: CalendarDate, note: String?, by actor: String, _ connection: PostgresConnection) async throws {
        let current = try await lock(id, connection)
        guard current.state == .suspected else {
            throw Self.wrongState(current.state, "只有疑似辍学的个案可以核实", "only a suspected case can be verified")
        }
        try await connection.run(
            """
            UPDATE dropout_control.cases SET state = 'dropout', verified_on = \(date.description)::date WHERE id = \(id)
            """, logger: logger)
        try await log(id, .dropout, on: date, note: note, by: actor, connection)
        try await context.events.publish(
            DropoutControlTopics.caseOpened,
            DropoutCaseOpened(caseID: id, child: current.child, district: current.district, term: current.term, openedOn: date),
            child: current.child, district: current.district, on: connection)
        if let child = current.child {
            try await context.childStatuses.set(
                SchoolingStatus.dropout(case: id, verifiedOn: date), of: child, district: current.district, on: connection)
        }
        try await keepClock(id, connection)
    }

    // MARK: - Persuasion, report, legal measures

    /// Logs a persuasion attempt; an attempt that brought the child back makes the case `returned`, followed up for the
    /// policy's months (its open clock items cancelled); the failed attempt that exhausts persuasion makes the report due.
    func attempt(_ id: UUID, _ attempt: PersuasionAttempt, by actor: String, _ connection: PostgresConnection) async throws {
        let current = try await lock(id, connection)
        guard current.state.acceptsAttempts else {
            throw Self.wrongState(current.state, "劝返记录只能登记在已核实且未复学的个案上", "attempts are logged on verified cases not yet returned")
        }
        try await connection.run(
            """
            INSERT INTO dropout_control.attempts (case_id, party, attempted_by, attempted_on, method, outcome, note, recorded_by)
            VALUES (\(id), \(attempt.party.rawValue), \(attempt.by), \(attempt.attemptedOn.description)::date, \(attempt.method.rawValue),
                    \(attempt.outcome.rawValue), \(attempt.note), \(actor))
            """, logger: logger)
        guard !attempt.failed else { return try await keepClock(id, connection) }
        let rule = try await persuasionRule(current.district, on: attempt.attemptedOn, connection)
        let until = attempt.attemptedOn.adding(months: rule.followUpMonths)
        try await connection.run(
            """
            UPDATE dropout_control.cases SET state = 'returned', returned_on = \(attempt.attemptedOn.description)::date,
                follow_up_until = \(until.description)::date WHERE id = \(id)
            """, logger: logger)
        try await log(id, .returned, on: attempt.attemptedOn, note: attempt.note, by: actor, connection)
        try await context.events.publish(
            DropoutControlTopics.childReturned,
            ChildReturned(caseID: id, child: current.child, returnedOn: attempt.attemptedOn, followUpUntil: until),
            child: current.child, district: current.district, on: connection)
        if let child = current.child {
            try await context.childStatuses.clear(DropoutControlProgramme.id, code: SchoolingStatus.dropoutCode, of: child, on: connection)
            try await context.childStatuses.set(
                SchoolingStatus.returned(case: id, returnedOn: attempt.attemptedOn, followedUpUntil: until), of: child,
                district: current.district, on: connection)
        }
        try await keepClock(id, connection)
    }

    /// Records the written report (书面报告), which completes its clock item; the case becomes `reported`.
    func report(_ id: UUID, _ report: WrittenReport, by actor: String, _ connection: PostgresConnection) async throws {
        let current = try await lock(id, connection)
        guard current.state == .dropout else {
            throw Self.wrongState(current.state, "只有劝返中的个案可以书面报告", "only a case under persuasion can be reported")
        }
        try await connection.run(
            """
            INSERT INTO dropout_control.reports (case_id, reported_on, recipients, content, recorded_by)
            VALUES (\(id), \(report.reportedOn.description)::date, \(report.recipients), \(report.content), \(actor))
            """, logger: logger)
        try await connection.run("UPDATE dropout_control.cases SET state = 'reported' WHERE id = \(id)", logger: logger)
        try await log(id, .reported, on: report.reportedOn, note: nil, by: actor, connection)
        try await keepClock(id, connection)
    }

    /// Records a legal measure (依法督促) after the written report; the case becomes `legal`.
    func legal(_ id: UUID, _ measure: LegalMeasure, by actor: String, _ connection: PostgresConnection) async throws {
        let current = try await lock(id, connection)
        guard current.state == .reported || current.state == .legal else {
            throw Self.wrongState(current.state, "依法督促须在书面报告之后", "legal measures come after the written report")
        }
        try await connection.run(
            """
            INSERT INTO dropout_control.legal_measures (case_id, measure, taken_on, note, recorded_by)
            VALUES (\(id), \(measure.measure), \(measure.takenOn.description)::date, \(measure.note), \(actor))
            """, logger: logger)
        try await connection.run("UPDATE dropout_control.cases SET state = 'legal' WHERE id = \(id)", logger: logger)
        try await log(id, .legal, on: measure.takenOn, note: measure.measure, by: actor, connection)
    }

    // MARK: - 动态销号

    /// Closes the case with a reason and evidence (its open clock items cancelled); `returned` only after the follow-up
    /// period.
    func close(_ id: UUID, _ closure: Closure, today: CalendarDate, by actor: String, _ connection: PostgresConnection) async throws {
        guard let text = closure.reason?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw Problem.invalid(
                "reason", "销号必须注明理由: \(ClosureReason.allowed)",
                "a closure needs a reason: \(ClosureReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let reason = ClosureReason(rawValue: text) else {
            throw Problem.invalid("reason", "无法识别的销号理由 \(text); 可用: \(ClosureReason.allowed)", "unknown reason \(text)")
        }
        guard let evidence = closure.evidence?.trimmingCharacters(in: .whitespaces), !evidence.isEmpty else {
            throw Problem.invalid("evidence", "销号必须附证明材料 (如复学证明、转学接收证明、核实记录)", "a closure needs evidence")
        }
        let closedOn = closure.closedOn ?? today
        guard closedOn <= today else { throw Problem.invalid("closedOn", "销号日期不能在未来", "closedOn cannot be in the future") }
        let current = try await lock(id, connection)
        guard current.state != .closed else { throw Self.wrongState(current.state, "个案已销号", "the case is already closed") }
        if reason == .returned {
            guard current.state == .returned, let until = current.followUpUntil else {
                throw Problem.invalid("reason", "以复学销号须先登记复学 (劝返结果为 returned)", "closing as returned needs a recorded return")
            }
            guard closedOn >= until else {
                throw Problem.invalid("closedOn", "复学跟踪期至 \(until), 期满后方可销号", "the return is followed up until \(until)")
            }
        }
        try await connection.run(
            """
            UPDATE dropout_control.cases SET state = 'closed', closed_on = \(closedOn.description)::date, closure_reason = \(reason.rawValue),
                closure_evidence = \(evidence) WHERE id = \(id)
            """, logger: logger)
        try await log(id, .closed, on: closedOn, note: "\(reason.chineseName): \(evidence)", by: actor, connection)
        try await context.events.publish(
            DropoutControlTopics.caseClosed,
            DropoutCaseClosed(caseID: id, child: current.child, closedOn: closedOn, reason: reason.rawValue),
            child: current.child, district: current.district, on: connection)
        if let child = current.child { try await context.childStatuses.clear(DropoutControlProgramme.id, of: child, on: connection) }
        try await keepClock(id, connection)
    }

    // MARK: - Reading

    /// The case with its attempts, reports, measures, history and whether a written report is due on `today`.
    func view(_ id: UUID, today: CalendarDate, _ connection: PostgresConnection) async throws -> DropoutCase? {
        guard
            var found = try await connection.query(
                "SELECT \(unescaped: DropoutCase.columns) FROM dropout_control.cases WHERE id = \(id)", logger: logger
            )
            .decode(DropoutCase.Row.self).first().map(DropoutCase.init(row:))
        else { return nil }
        found.attempts = try await connection.query(
            """
            SELECT party, attempted_by, attempted_on, method, outcome, note FROM dropout_control.attempts WHERE case_id = \(id) ORDER BY attempted_on, id
            """, logger: logger
        ).decode((String, String, CalendarDate, String, String, String?).self).collect().compactMap { row in
            guard let party = PersuasionAttempt.Party(rawValue: row.0), let method = PersuasionAttempt.Method(rawValue: row.3),
                let outcome = PersuasionAttempt.Outcome(rawValue: row.4)
            else { return nil }
            return PersuasionAttempt(
                party: party, by: row.1, attemptedOn: row.2, method: method, outcome: outcome, note: row.5)
        }
        found.reports = try await connection.query(
            """
            SELECT reported_on, recipients, content FROM dropout_control.reports WHERE case_id = \(id) ORDER BY id
            """, logger: logger
        ).decode((CalendarDate, [String], String).self).collect().map {
            WrittenReport(reportedOn: $0.0, recipients: $0.1, content: $0.2)
        }
        found.legalMeasures = try await connection.query(
            """
            SELECT measure, taken_on, note FROM dropout_control.legal_measures WHERE case_id = \(id) ORDER BY id
            """, logger: logger
        ).decode((String, CalendarDate, String?).self).collect().map { LegalMeasure(measure: $0.0, takenOn: $0.1, note: $0.2) }
        found.history = try await connection.query(
            """
            SELECT state, on_date, note, recorded_by FROM dropout_control.case_history WHERE case_id = \(id) ORDER BY id
            """, logger: logger
        ).decode((String, CalendarDate, String?, String).self).collect().map {
            StateChange(state: $0.0, on: $0.1, note: $0.2, by: $0.3)
        }
        if found.state == .dropout, let verified = found.verifiedOn {
            let rule = try await persuasionRule(found.district, on: today, connection)
            let subject = CaseClock.subject(case: id, district: found.district, child: found.child, verifiedOn: verified)
            found.reportDue = try CaseClock.reportDue(rule, for: subject, failed: found.attempts.filter(\.failed).count, today: today)
        }
        return found
    }

    // MARK: - Helpers

    private func lock(_ id: UUID, _ connection: PostgresConnection) async throws -> DropoutCase {
        guard
            let row = try await connection.query(
                "SELECT \(unescaped: DropoutCase.columns) FROM dropout_control.cases WHERE id = \(id) FOR UPDATE", logger: logger
            )
            .decode(DropoutCase.Row.self).first()
        else { throw Problem.notFound(Self.what) }
        return DropoutCase(row: row)
    }

    private func log(
        _ id: UUID, _ state: CaseState, on date: CalendarDate, note: String?, by actor: String, _ connection: PostgresConnection
    ) async throws {
        try await connection.run(
            """
            INSERT INTO dropout_control.case_history (case_id, state, on_date, note, recorded_by)
            VALUES (\(id), \(state.rawValue), \(date.description)::date, \(note), \(actor))
            """, logger: logger)
    }

    func persuasionRule(_ district: DistrictCode, on date: CalendarDate, _ connection: PostgresConnection) async throws -> PersuasionRule {
        try await context.policy.value(of: DropoutPolicy.persuasion, in: district, on: date, on: connection)
    }
}
