import Vocabulary

/// 父母情形记录 — one dated condition of one parent. It is in force on a date when `since <= date < until`;
/// whether it also counts for the category rules is `counts(on:)`.
struct ParentStatus: Codable, Sendable, Hashable {
    var parent: Parent
    var condition: ParentCondition
    /// The first day in force; for 失联, the day 公安 accepted the missing-person report.
    var since: CalendarDate
    /// The first day no longer in force (release, found, declaration revoked); `nil` while open.
    var until: CalendarDate?
    /// 刑期 / 戒毒期限 in whole months, for the conditions that restrict liberty.
    var termMonths: Int?
    /// 残疾等级 1–4 (一级 the most severe), for 重残.
    var disabilityGrade: Int?
    var disabilityType: DisabilityType?

    init(
        parent: Parent, condition: ParentCondition, since: CalendarDate, until: CalendarDate? = nil,
        termMonths: Int? = nil, disabilityGrade: Int? = nil, disabilityType: DisabilityType? = nil
    ) {
        self.parent = parent
        self.condition = condition
        self.since = since
        self.until = until
        self.termMonths = termMonths
        self.disabilityGrade = disabilityGrade
        self.disabilityType = disabilityType
    }

    func isInForce(on date: CalendarDate) -> Bool { since <= date && until.map { date < $0 } ?? true }

    /// How the status reads in a derivation's facts: `父亲 服刑在押 自 2024-03-01 (期限 36 个月)`.
    var summary: String {
        var text = "\(parent.chineseName) \(condition.chineseName) 自 \(since)"
        if let until { text += " 至 \(until)" }
        var notes: [String] = []
        if let termMonths, condition.restrictsLiberty { notes.append("期限 \(termMonths) 个月") }
        if condition == .lostContact { notes.append("公安受理报案日起算, 满 6 个月于 \(since.adding(months: Self.minimumMonths))") }
        if condition == .severeDisability, let disabilityGrade {
            let grade = (1...4).contains(disabilityGrade) ? ["一", "二", "三", "四"][disabilityGrade - 1] + "级" : "\(disabilityGrade) 级"
            notes.append([grade, disabilityType?.chineseName].compactMap(\.self).joined(separator: " "))
        }
        return notes.isEmpty ? text : text + " (" + notes.joined(separator: "; ") + ")"
    }
}
