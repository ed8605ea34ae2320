import RegistryInterface
import Vocabulary

/// 退出审核 — finds the derived categories a child holds but no longer qualifies for, and why (domain-rules §2.4).
enum ExitRules {
    /// One trigger per category of `previous` that `CategoryRules.derive` no longer makes on `date`; categories staff
    /// set are not reviewed here. Death or adoption is the only reason given when it applies; otherwise every reason
    /// found: the age limit, a hukou no longer rural, parent conditions that ended, a related category now made
    /// instead. A parent condition is named when restoring the ended statuses (the latest of each parent and condition)
    /// would make the category again; per parent, only the latest ended one of those is named.
    static func triggers(previous: Set<ChildCategory>, facts: ChildFacts, on date: CalendarDate, rules: DerivationRules) -> [ExitTrigger] {
        let current = Set(CategoryRules.derive(facts, on: date, rules: rules).map(\.category))
        let lapsed = ChildCategory.national.filter {
            previous.contains($0) && ChildCategory.derived.contains($0) && !current.contains($0)
        }
        return lapsed.map { category in
            if facts.deceased { return ExitTrigger(category: category, reasons: [.died]) }
            if facts.adopted { return ExitTrigger(category: category, reasons: [.adopted]) }
            var reasons = ageReasons(category, facts, on: date, rules: rules)
            if category == .ruralLeftBehind, facts.hukouType != .rural { reasons.append(.hukouNoLongerRural) }
            reasons += endedConditions(category, facts, on: date, rules: rules)
            let related: [ChildCategory] = [.deFactoUnsupported, .orphanDispersed, .orphanInstitutional]
            if related.contains(category), let replacement = related.first(where: { $0 != category && current.contains($0) }) {
                reasons.append(.reclassified(to: replacement))
            }
            return ExitTrigger(category: category, reasons: reasons.isEmpty ? [.factsChanged] : reasons)
        }
    }

    private static func ageReasons(_ category: ChildCategory, _ facts: ChildFacts, on date: CalendarDate, rules: DerivationRules)
        -> [ExitReason]
    {
        if category == .ruralLeftBehind {
            return CategoryRules.leftBehindAgeFact(facts, on: date, rules: rules) == nil
                ? [.reachedAge(limit: rules.leftBehindAgeLimit)] : []
        }
        guard CategoryRules.minorAgeFact(facts, on: date, rules: rules) == nil else { return [] }
        let continued = rules.continueForFullTimeStudents && facts.fullTimeStudent
        return [.reachedAge(limit: continued ? rules.studentAgeLimit : rules.minorAgeLimit)]
    }

    /// The parent conditions whose end lost the category: only when the parents no longer qualify today.
    private static func endedConditions(_ category: ChildCategory, _ facts: ChildFacts, on date: CalendarDate, rules: DerivationRules)
        -> [ExitReason]
    {
        let counting = facts.parents.filter { $0.counts(on: date) }
        guard CategoryRules.grounds(for: category, counting, rules: rules) == nil else { return [] }
        var latest: [ParentStatus] = []
        for status in facts.parents {
            guard let until = status.until, until <= date else { continue }
            if let index = latest.firstIndex(where: { $0.parent == status.parent && $0.condition == status.condition }) {
                if latest[index].until! < until { latest[index] = status }
            } else {
                latest.append(status)
            }
        }
        let restored: [(status: ParentStatus, ended: CalendarDate)] = latest.compactMap { ended in
            var open = ended
            open.until = nil
            return open.counts(on: date) ? (open, ended.until!) : nil
        }
        guard let grounds = CategoryRules.grounds(for: category, counting + restored.map(\.status), rules: rules) else { return [] }
        let named = restored.filter { grounds.statuses.contains($0.status) }
        return Parent.allCases.compactMap { parent in
            named.filter { $0.status.parent == parent }.max { $0.ended < $1.ended }
                .map { .parentConditionEnded(parent: parent, condition: $0.status.condition, ended: $0.ended) }
        }
    }
}
