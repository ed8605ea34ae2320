import Contract

/// 劝返 — one attempt to persuade a child back to school: who went (teacher, village committee, township,
/// county bureau), when, how, and what came of it. Every attempt is kept (教基厅函〔2024〕15号).
struct PersuasionAttempt: Codable, Sendable {
    enum Party: String, Codable, CaseIterable, Sendable { case teacher, village, township, county }
    enum Method: String, Codable, CaseIterable, Sendable { case homeVisit = "home-visit", phone, meeting, letter, other }
    enum Outcome: String, Codable, CaseIterable, Sendable { case returned, promised, refused, noContact = "no-contact", other }

    let party: Party
    /// The person or people who went.
    let by: String
    let attemptedOn: CalendarDate
    let method: Method
    let outcome: Outcome
    let note: String?

    var failed: Bool { outcome != .returned }
}

/// 劝返与书面报告规则 — when persuasion has failed long enough that a written report (书面报告) to the county
/// education bureau and the township is due, and how long a returned child is followed up. Policy key
/// `dropout-control.persuasion`; the case's clock on the schedule engine is declared from it (``CaseClock``).
struct PersuasionRule: Codable, Sendable, Equatable {
    /// Failed attempts after which the written report is due.
    let failedAttempts: Int
    /// Calendar days since verification after which it is due, whatever the attempts.
    let days: Int
    /// Months a returned child is followed before the case may be closed as returned.
    let followUpMonths: Int

    static let standard = PersuasionRule(failedAttempts: 3, days: 15, followUpMonths: 3)
}
