import Vocabulary

extension ParentStatus {
    /// Refuses a record the rules cannot read, naming the JSON field: `since` in the future, `until` not after
    /// `since`, a term below one month or on a condition without one, a 重残 without grade 1–4 and type.
    func validate(today: CalendarDate) throws(Problem) {
        guard since <= today else {
            throw .invalid("since", "起始日期 \(since) 在未来", "since \(since) is in the future")
        }
        if let until, until <= since {
            throw .invalid("until", "结束日期 \(until) 应晚于起始日期 \(since)", "until \(until) must be after since \(since)")
        }
        if let termMonths {
            guard condition.restrictsLiberty else {
                throw .invalid("termMonths", "只有服刑在押、强制隔离戒毒和其他限制人身自由的措施有期限", "only a restriction of liberty has a term")
            }
            guard termMonths >= 1 else {
                throw .invalid("termMonths", "期限应至少 1 个月", "termMonths must be at least 1")
            }
        }
        if condition == .severeDisability {
            guard let disabilityGrade, (1...4).contains(disabilityGrade) else {
                throw .invalid("disabilityGrade", "重残应填写残疾等级 1–4 (一级最重)", "severe disability needs disabilityGrade 1–4")
            }
            guard disabilityType != nil else {
                throw .invalid("disabilityType", "重残应填写残疾类别", "severe disability needs disabilityType")
            }
        } else if disabilityGrade != nil || disabilityType != nil {
            let field = disabilityGrade != nil ? "disabilityGrade" : "disabilityType"
            throw .invalid(field, "只有重残记录残疾等级和类别", "only a severe disability has a grade and type")
        }
    }
}
