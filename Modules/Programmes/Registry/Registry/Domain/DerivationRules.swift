/// 类别认定规则 — the parameters of `CategoryRules` that differ by place, stored as the policy setting
/// `registry.derivation-rules` (default `national`). Condition sets encode as arrays in declaration order.
struct DerivationRules: Codable, Sendable, Equatable {
    /// 农村留守儿童 are 不满 16 周岁 (age < 16; 民法典 第1259条: 不满 excludes the number).
    var leftBehindAgeLimit: Int
    /// 孤儿 and 事实无人抚养儿童 are 未满 18 周岁.
    var minorAgeLimit: Int
    /// 无监护能力: the conditions of the parent at home that, with the other parent working away, make a child left behind.
    var leftBehindIncapable: Set<ParentCondition>
    /// Set A: 事实无人抚养 when each parent has one of these, or one parent is dead or declared missing and the other has one.
    var deFactoBothParents: Set<ParentCondition>
    /// Conditions that make a child 事实无人抚养 only beside a parent who is dead or declared missing.
    var deFactoOnlyWithGoneParent: Set<ParentCondition>
    /// 孤儿 and 事实无人抚养儿童 aged `minorAgeLimit` or more keep their category while in full-time study (广东 yes).
    var continueForFullTimeStudents: Bool
    /// With `continueForFullTimeStudents`, the continuation ends at this age (under it; chosen default 22, the usual
    /// age at the end of a 4-year undergraduate course — no national text, domain-rules §3.5).
    var studentAgeLimit: Int

    /// The national texts:
    /// - 国发〔2016〕13号: 农村留守儿童 — 不满十六周岁, 农村户籍, 父母双方外出务工或一方外出务工、另一方无监护能力 (重病, 重残).
    /// - 民发〔2019〕62号: 事实无人抚养儿童 — 父母双方均重残、重病、服刑在押、强制隔离戒毒、被执行其他限制人身自由的措施、失联,
    ///   or one of these beside a parent 死亡 or 失踪.
    /// - 民发〔2020〕125号: adds 被撤销监护资格 to both pairings and 被遣送(驱逐)出境 beside a dead or missing parent.
    /// - No continuation past 18 (a local rule).
    static let national = DerivationRules(
        leftBehindAgeLimit: 16,
        minorAgeLimit: 18,
        leftBehindIncapable: [.severeIllness, .severeDisability],
        deFactoBothParents: [
            .severeDisability, .severeIllness, .imprisoned, .compulsoryDetox, .otherLibertyRestriction,
            .lostContact, .guardianshipRevoked
        ],
        deFactoOnlyWithGoneParent: [.deported],
        continueForFullTimeStudents: false,
        studentAgeLimit: 22)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(leftBehindAgeLimit, forKey: .leftBehindAgeLimit)
        try container.encode(minorAgeLimit, forKey: .minorAgeLimit)
        try container.encode(Self.ordered(leftBehindIncapable), forKey: .leftBehindIncapable)
        try container.encode(Self.ordered(deFactoBothParents), forKey: .deFactoBothParents)
        try container.encode(Self.ordered(deFactoOnlyWithGoneParent), forKey: .deFactoOnlyWithGoneParent)
        try container.encode(continueForFullTimeStudents, forKey: .continueForFullTimeStudents)
        try container.encode(studentAgeLimit, forKey: .studentAgeLimit)
    }

    private static func ordered(_ conditions: Set<ParentCondition>) -> [ParentCondition] {
        ParentCondition.allCases.filter(conditions.contains)
    }
}
