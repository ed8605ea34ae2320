/// Where a case stands (domain-rules §4.4): 疑似辍学 → 辍学 (verified; persuasion attempts logged) → 书面报告 →
/// 依法督促 — or 复学 at any point after verification — and finally 动态销号. Nothing is ever deleted; every change
/// is a row in the case's history.
enum CaseState: String, Codable, CaseIterable, Sendable {
    /// 疑似辍学: absent past the threshold, or found by the comparison; not yet verified.
    case suspected
    /// 辍学: verified; persuasion back to school (劝返复学) under way.
    case dropout
    /// 已书面报告: persuasion failed; a written report went to the county education bureau and the township.
    case reported
    /// 依法督促: legal measures (administrative or court) recorded.
    case legal
    /// 已复学: back at school, followed up until the follow-up date.
    case returned
    /// 已销号: closed by 动态销号 with a reason and evidence.
    case closed

    /// Counted on the dropout ledger (辍学学生台账).
    static let confirmed: [CaseState] = [.dropout, .reported, .legal]

    /// Persuasion attempts may be logged: after verification and until the child returns.
    var acceptsAttempts: Bool { Self.confirmed.contains(self) }
}

/// 销号理由 — why a case may be closed (动态销号); each needs evidence.
enum ClosureReason: String, Codable, CaseIterable, Sendable {
    case returned
    case transferred
    case specialEducation = "special-education"
    case homeTeaching = "home-teaching"
    case movedAway = "moved-away"
    case notADropout = "not-a-dropout"
    case overAge = "over-age"
    case deceased

    var chineseName: String {
        switch self {
        case .returned: "复学"
        case .transferred: "转学 (已核实转入学校)"
        case .specialEducation: "转入特殊教育学校"
        case .homeTeaching: "送教上门"
        case .movedAway: "迁出 (已核实)"
        case .notADropout: "核实非辍学"
        case .overAge: "超出义务教育年龄"
        case .deceased: "死亡"
        }
    }

    static var allowed: String { allCases.map { "\($0.rawValue) (\($0.chineseName))" }.joined(separator: ", ") }
}
