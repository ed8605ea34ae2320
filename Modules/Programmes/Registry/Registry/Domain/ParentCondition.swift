import CSVFiles

/// 父母情形 — a parent's condition as the category rules read it (domain-rules §3.1, §3.4).
/// Whether a recorded condition counts on a date is `ParentStatus.counts(on:)`.
enum ParentCondition: String, CaseIterable, Codable, Sendable {
    /// 外出务工
    case workingAway = "working-away"
    /// 重病: on the local 大病 / 重特大疾病救助 list.
    case severeIllness = "severe-illness"
    /// 重残: 一级/二级 of any type, or 三级/四级 精神 or 智力 (残疾人证).
    case severeDisability = "severe-disability"
    /// 服刑在押
    case imprisoned
    /// 强制隔离戒毒
    case compulsoryDetox = "compulsory-detox"
    /// 被执行其他限制人身自由的措施 (重庆: arrest or criminal detention before judgment).
    case otherLibertyRestriction = "other-liberty-restriction"
    /// 失联, counted from the day 公安 accepted the missing-person report.
    case lostContact = "lost-contact"
    /// 死亡, natural or 法院宣告死亡.
    case dead
    /// 宣告失踪, by court judgment.
    case declaredMissing = "declared-missing"
    /// 被撤销监护资格, by court judgment.
    case guardianshipRevoked = "guardianship-revoked"
    /// 被遣送(驱逐)出境: a foreign parent deported and not meeting the support duty.
    case deported

    var chineseName: String {
        switch self {
        case .workingAway: "外出务工"
        case .severeIllness: "重病"
        case .severeDisability: "重残"
        case .imprisoned: "服刑在押"
        case .compulsoryDetox: "强制隔离戒毒"
        case .otherLibertyRestriction: "被执行其他限制人身自由的措施"
        case .lostContact: "失联"
        case .dead: "死亡"
        case .declaredMissing: "宣告失踪"
        case .guardianshipRevoked: "被撤销监护资格"
        case .deported: "被遣送(驱逐)出境"
        }
    }

    /// An import's 父亲状况 / 母亲状况 cell: the Chinese name or the code.
    static let choices = CellChoices(allCases.map { ($0, $0.rawValue, [$0.chineseName]) })

    /// 服刑在押, 强制隔离戒毒, 其他限制人身自由: count only with a term of at least 6 months.
    var restrictsLiberty: Bool { [.imprisoned, .compulsoryDetox, .otherLibertyRestriction].contains(self) }

    /// 死亡 or 宣告失踪: the parent is gone for good, which pairs with more conditions of the other parent.
    var isGone: Bool { self == .dead || self == .declaredMissing }
}
