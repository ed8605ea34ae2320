/// 儿童类别 — a category a child belongs to; a child may hold several, each dated on the file. The national ones are
/// the static members; a district adds its own with a kebab-case raw value (e.g. `temporary-difficulty` for 深圳's
/// 临时困境). Encoded as the raw value alone. Only `derived` ones come from `CategoryRules`; staff set the others.
struct ChildCategory: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    let rawValue: String

    init(rawValue: String) { self.rawValue = rawValue }

    /// 农村留守儿童 (国发〔2016〕13号)
    static let ruralLeftBehind = ChildCategory(rawValue: "rural-left-behind")
    /// 集中养育孤儿: raised in a welfare institution, including 家庭寄养.
    static let orphanInstitutional = ChildCategory(rawValue: "orphan-institutional")
    /// 散居孤儿: raised by relatives or other guardians, or living independently.
    static let orphanDispersed = ChildCategory(rawValue: "orphan-dispersed")
    /// 事实无人抚养儿童 (民发〔2019〕62号, 民发〔2020〕125号)
    static let deFactoUnsupported = ChildCategory(rawValue: "de-facto-unsupported")
    /// 困境儿童 — 家庭贫困 (国发〔2016〕36号)
    static let difficultPoverty = ChildCategory(rawValue: "difficult-poverty")
    /// 困境儿童 — 自身残疾 (国发〔2016〕36号)
    static let difficultDisability = ChildCategory(rawValue: "difficult-disability")
    /// 困境儿童 — 安全保护 (国发〔2016〕36号)
    static let difficultSafety = ChildCategory(rawValue: "difficult-safety")
    /// 流浪儿童
    static let streetChild = ChildCategory(rawValue: "street-child")
    /// 残疾儿童
    static let disabled = ChildCategory(rawValue: "disabled")
    /// 受艾滋病影响儿童
    static let hivAffected = ChildCategory(rawValue: "hiv-affected")
    /// 流动儿童
    static let migrant = ChildCategory(rawValue: "migrant")

    /// The national categories with their Chinese names, in display order.
    static let national: [(category: ChildCategory, chineseName: String)] = [
        (ruralLeftBehind, "农村留守儿童"), (orphanInstitutional, "集中养育孤儿"), (orphanDispersed, "散居孤儿"),
        (deFactoUnsupported, "事实无人抚养儿童"), (difficultPoverty, "困境儿童(家庭贫困)"),
        (difficultDisability, "困境儿童(自身残疾)"), (difficultSafety, "困境儿童(安全保护)"), (streetChild, "流浪儿童"),
        (disabled, "残疾儿童"), (hivAffected, "受艾滋病影响儿童"), (migrant, "流动儿童")
    ]

    /// The categories the law defines by facts, which `CategoryRules` derives and `ExitRules` reviews.
    static let derived: Set<ChildCategory> = [ruralLeftBehind, orphanInstitutional, orphanDispersed, deFactoUnsupported]

    /// The Chinese name of a national category; a district's own category shows its raw value.
    var chineseName: String { Self.national.first { $0.category == self }?.chineseName ?? rawValue }

    var description: String { rawValue }
}
