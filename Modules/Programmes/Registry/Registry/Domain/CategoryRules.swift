import RegistryInterface
import Vocabulary

/// 类别认定 — the categories the law defines by facts: 农村留守儿童, 孤儿 (集中养育 or 散居) and 事实无人抚养儿童.
/// The 困境儿童 kinds, 流浪, 残疾, 受艾滋病影响, 流动 and a district's own categories are judgements staff record; they
/// are never derived. An adopted or deceased child derives nothing; a child whose parents are both dead or declared
/// missing is an orphan, not 事实无人抚养. Ages follow 民法典 第1259条: 不满 16 is age < 16, so a category bounded by
/// an age ends on that birthday (`CalendarDate.age(on:)`; a 29 February birthday falls on 1 March in common years).
enum CategoryRules {
    /// The categories `facts` make on `date`, each with its rule and the facts it read.
    static func derive(_ facts: ChildFacts, on date: CalendarDate, rules: DerivationRules) -> [Derivation] {
        guard !facts.adopted, !facts.deceased, facts.birthDate <= date else { return [] }
        let counting = facts.parents.filter { $0.counts(on: date) }
        var derivations: [Derivation] = []
        if let age = leftBehindAgeFact(facts, on: date, rules: rules), facts.hukouType == .rural,
            let grounds = leftBehindGrounds(counting, rules: rules)
        {
            derivations.append(Derivation(category: .ruralLeftBehind, rule: grounds.rule, facts: [age, "农村户籍"] + grounds.summaries))
        }
        if let age = minorAgeFact(facts, on: date, rules: rules) {
            if let grounds = orphanGrounds(counting) {
                let category: ChildCategory = facts.inInstitution ? .orphanInstitutional : .orphanDispersed
                let care = facts.inInstitution ? "集中养育" : "社会散居"
                derivations.append(Derivation(category: category, rule: grounds.rule + ", " + care, facts: [age] + grounds.summaries))
            } else if let grounds = deFactoGrounds(counting, rules: rules) {
                derivations.append(Derivation(category: .deFactoUnsupported, rule: grounds.rule, facts: [age] + grounds.summaries))
            }
        }
        return derivations
    }

    /// The parents' side of a derived category: the rule met and the statuses that meet it.
    struct Grounds {
        let rule: String
        let statuses: [ParentStatus]

        var summaries: [String] { statuses.map(\.summary) }
    }

    /// The parent predicate of a derived category on the statuses that count (an orphan of either care setting).
    static func grounds(for category: ChildCategory, _ counting: [ParentStatus], rules: DerivationRules) -> Grounds? {
        switch category {
        case .ruralLeftBehind: leftBehindGrounds(counting, rules: rules)
        case .orphanDispersed, .orphanInstitutional: orphanGrounds(counting)
        case .deFactoUnsupported: deFactoGrounds(counting, rules: rules)
        default: nil
        }
    }

    /// 国发〔2016〕13号: both parents working away, or one working away and the other without guardianship capacity.
    static func leftBehindGrounds(_ counting: [ParentStatus], rules: DerivationRules) -> Grounds? {
        let fatherAway = counting.of(.father) { $0 == .workingAway }
        let motherAway = counting.of(.mother) { $0 == .workingAway }
        if !fatherAway.isEmpty, !motherAway.isEmpty {
            return Grounds(rule: "国发〔2016〕13号: 父母双方外出务工", statuses: fatherAway + motherAway)
        }
        for parent in Parent.allCases {
            let away = counting.of(parent) { $0 == .workingAway }
            let incapable = counting.of(parent.other, rules.leftBehindIncapable.contains)
            if !away.isEmpty, !incapable.isEmpty {
                return Grounds(rule: "国发〔2016〕13号: 父母一方外出务工、另一方无监护能力", statuses: away + incapable)
            }
        }
        return nil
    }

    /// 孤儿: both parents dead or declared missing (失去父母、查找不到生父母).
    static func orphanGrounds(_ counting: [ParentStatus]) -> Grounds? {
        let father = counting.of(.father, \.isGone)
        let mother = counting.of(.mother, \.isGone)
        guard !father.isEmpty, !mother.isEmpty else { return nil }
        return Grounds(rule: "国办发〔2010〕54号: 孤儿 (父母双方死亡或宣告失踪)", statuses: father + mother)
    }

    /// 民发〔2019〕62号 and 〔2020〕125号: (a) each parent has a condition of set A, or (b) one parent is dead or declared
    /// missing and the other has a condition of set A or of those allowed only beside a gone parent. `nil` for an orphan.
    static func deFactoGrounds(_ counting: [ParentStatus], rules: DerivationRules) -> Grounds? {
        guard orphanGrounds(counting) == nil else { return nil }
        let father = counting.of(.father, rules.deFactoBothParents.contains)
        let mother = counting.of(.mother, rules.deFactoBothParents.contains)
        if !father.isEmpty, !mother.isEmpty {
            return Grounds(rule: "民发〔2019〕62号、民发〔2020〕125号: 父母双方均无法履行抚养义务", statuses: father + mother)
        }
        let besideGone = rules.deFactoBothParents.union(rules.deFactoOnlyWithGoneParent)
        for parent in Parent.allCases {
            let gone = counting.of(parent, \.isGone)
            let other = counting.of(parent.other, besideGone.contains)
            if !gone.isEmpty, !other.isEmpty {
                return Grounds(rule: "民发〔2019〕62号、民发〔2020〕125号: 父母一方死亡或宣告失踪、另一方无法履行抚养义务", statuses: gone + other)
            }
        }
        return nil
    }

    /// `年龄 9 周岁 (不满 16)`, or `nil` from the 16th birthday.
    static func leftBehindAgeFact(_ facts: ChildFacts, on date: CalendarDate, rules: DerivationRules) -> String? {
        let age = facts.birthDate.age(on: date)
        return age < rules.leftBehindAgeLimit ? "年龄 \(age) 周岁 (不满 \(rules.leftBehindAgeLimit))" : nil
    }

    /// `年龄 9 周岁 (不满 18)`; past 18, the full-time-student continuation when the rules allow it; otherwise `nil`.
    static func minorAgeFact(_ facts: ChildFacts, on date: CalendarDate, rules: DerivationRules) -> String? {
        let age = facts.birthDate.age(on: date)
        if age < rules.minorAgeLimit { return "年龄 \(age) 周岁 (不满 \(rules.minorAgeLimit))" }
        guard rules.continueForFullTimeStudents, facts.fullTimeStudent, age < rules.studentAgeLimit else { return nil }
        return "年龄 \(age) 周岁, 全日制在校 (在校生延续, 不满 \(rules.studentAgeLimit))"
    }
}

extension [ParentStatus] {
    /// The statuses of `parent` whose condition matches.
    fileprivate func of(_ parent: Parent, _ matches: (ParentCondition) -> Bool) -> [ParentStatus] {
        filter { $0.parent == parent && matches($0.condition) }
    }
}
