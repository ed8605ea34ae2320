import Vocabulary

/// 认定事实 — what the category rules read about a child: birth, hukou, the parents' dated statuses, and the few
/// facts that end or redirect a category.
struct ChildFacts: Codable, Sendable, Equatable {
    var birthDate: CalendarDate
    var hukouType: HukouType
    /// The birth parents' statuses, any number per parent, open or ended.
    var parents: [ParentStatus]
    /// 已被依法收养: the recorded parents no longer raise the child, so nothing is derived.
    var adopted: Bool
    var deceased: Bool
    /// 全日制在校 (义务教育, 普通高中, 中职/技工, 普通高校; not postgraduate — 广东 §3.5).
    var fullTimeStudent: Bool
    /// 在儿童福利机构集中养育 (including 家庭寄养): an orphan is then institutional, not dispersed.
    var inInstitution: Bool

    init(
        birthDate: CalendarDate, hukouType: HukouType, parents: [ParentStatus] = [], adopted: Bool = false,
        deceased: Bool = false, fullTimeStudent: Bool = false, inInstitution: Bool = false
    ) {
        self.birthDate = birthDate
        self.hukouType = hukouType
        self.parents = parents
        self.adopted = adopted
        self.deceased = deceased
        self.fullTimeStudent = fullTimeStudent
        self.inInstitution = inInstitution
    }
}
