import Vocabulary

/// 儿童类别 — a category a child belongs to; a child may hold several, each dated on the registry's file. The national
/// ones are the cases; a district adds its own (`local`) with a kebab-case code (e.g. `temporary-difficulty` for 深圳's
/// 临时困境, policy `registry.local-categories`). Encoded as the code alone. Only `derived` ones come from the facts;
/// staff set the others. Other programmes read the categories of `registry.categories.changed` as these values.
public enum ChildCategory: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// 农村留守儿童 (国发〔2016〕13号)
    case ruralLeftBehind
    /// 集中养育孤儿: raised in a welfare institution, including 家庭寄养.
    case orphanInstitutional
    /// 散居孤儿: raised by relatives or other guardians, or living independently.
    case orphanDispersed
    /// 事实无人抚养儿童 (民发〔2019〕62号, 民发〔2020〕125号)
    case deFactoUnsupported
    /// 困境儿童 — 家庭贫困 (国发〔2016〕36号)
    case difficultPoverty
    /// 困境儿童 — 自身残疾 (国发〔2016〕36号)
    case difficultDisability
    /// 困境儿童 — 安全保护 (国发〔2016〕36号)
    case difficultSafety
    /// 流浪儿童
    case streetChild
    /// 残疾儿童
    case disabled
    /// 受艾滋病影响儿童
    case hivAffected
    /// 流动儿童
    case migrant
    /// A category a district adds, by its code (made with `init(rawValue:)`, which keeps a national code national).
    case local(String)

    /// The national categories in display order.
    public static let national: [ChildCategory] = [
        .ruralLeftBehind, .orphanInstitutional, .orphanDispersed, .deFactoUnsupported, .difficultPoverty, .difficultDisability,
        .difficultSafety, .streetChild, .disabled, .hivAffected, .migrant
    ]

    /// The categories the law defines by facts, which the registry derives and reviews for exit.
    public static let derived: Set<ChildCategory> = [.ruralLeftBehind, .orphanInstitutional, .orphanDispersed, .deFactoUnsupported]

    /// The national category with this code, or a district's own.
    public init(rawValue code: String) {
        self = Self.national.first { $0.rawValue == code } ?? .local(code)
    }

    /// The code: kebab-case, as stored and sent (`rural-left-behind`).
    public var rawValue: String {
        switch self {
        case .ruralLeftBehind: "rural-left-behind"
        case .orphanInstitutional: "orphan-institutional"
        case .orphanDispersed: "orphan-dispersed"
        case .deFactoUnsupported: "de-facto-unsupported"
        case .difficultPoverty: "difficult-poverty"
        case .difficultDisability: "difficult-disability"
        case .difficultSafety: "difficult-safety"
        case .streetChild: "street-child"
        case .disabled: "disabled"
        case .hivAffected: "hiv-affected"
        case .migrant: "migrant"
        case .local(let code): code
        }
    }

    /// The national title; a district's own category shows its code (its name is the district's policy setting).
    public var title: Localized {
        switch self {
        case .ruralLeftBehind: .init(zh: "农村留守儿童", en: "Rural left-behind child")
        case .orphanInstitutional: .init(zh: "集中养育孤儿", en: "Orphan in institutional care")
        case .orphanDispersed: .init(zh: "散居孤儿", en: "Orphan in dispersed care")
        case .deFactoUnsupported: .init(zh: "事实无人抚养儿童", en: "De facto unsupported child")
        case .difficultPoverty: .init(zh: "困境儿童(家庭贫困)", en: "Child in difficulty (family poverty)")
        case .difficultDisability: .init(zh: "困境儿童(自身残疾)", en: "Child in difficulty (own disability)")
        case .difficultSafety: .init(zh: "困境儿童(安全保护)", en: "Child in difficulty (safety)")
        case .streetChild: .init(zh: "流浪儿童", en: "Street child")
        case .disabled: .init(zh: "残疾儿童", en: "Disabled child")
        case .hivAffected: .init(zh: "受艾滋病影响儿童", en: "Child affected by HIV/AIDS")
        case .migrant: .init(zh: "流动儿童", en: "Migrant child")
        case .local(let code): .init(zh: code, en: code)
        }
    }

    public var description: String { rawValue }
}

extension ChildCategory: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
