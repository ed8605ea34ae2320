import Vocabulary

extension ParentStatus {
    /// 6 个月 (民发〔2019〕62号): the least term of 服刑在押 / 强制隔离戒毒 / 其他限制人身自由, and the least time 失联.
    /// Months are calendar months with month-end clamping (`CalendarDate.adding(months:)`): 6 months from 2025-08-31
    /// is 2026-02-28, so a term from 2025-08-31 until 2026-02-28 is 6 months and one until 2026-02-27 is not.
    static let minimumMonths = 6

    /// In force on `date` and, where the rules ask for more, severe or long enough: see `countsFrom`.
    func counts(on date: CalendarDate) -> Bool {
        guard isInForce(on: date), let countsFrom else { return false }
        return countsFrom <= date
    }

    /// The first day the status counts (while in force), or `nil` when it never does:
    /// - restriction of liberty: `since` when the term — `termMonths`, else `since` to `until` — is at least 6 months;
    ///   with neither recorded, from the day it has lasted 6 months; never when the recorded term is shorter.
    /// - 失联: from the day 6 months after `since`, that day included.
    /// - 重残: `since` for grade 1–2 of any type or grade 3–4 精神/智力; never otherwise, nor without a grade.
    /// - any other condition: `since`.
    var countsFrom: CalendarDate? {
        let sixMonthsOn = since.adding(months: Self.minimumMonths)
        switch condition {
        case .imprisoned, .compulsoryDetox, .otherLibertyRestriction:
            if let termMonths { return termMonths >= Self.minimumMonths ? since : nil }
            if let until { return until >= sixMonthsOn ? since : nil }
            return sixMonthsOn
        case .lostContact:
            return sixMonthsOn
        case .severeDisability:
            switch disabilityGrade {
            case 1, 2: return since
            case 3, 4: return disabilityType == .mental || disabilityType == .intellectual ? since : nil
            default: return nil
            }
        default:
            return since
        }
    }
}
