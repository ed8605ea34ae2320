import RegistryInterface

/// 认定依据 — one category the facts make, with the rule that makes it and the facts it read, in Chinese, e.g.
/// rule `国发〔2016〕13号: 父母一方外出务工、另一方无监护能力`, facts `年龄 9 周岁 (不满 16)`, `父亲 外出务工 自 2024-03-01`.
struct Derivation: Codable, Sendable, Equatable {
    let category: ChildCategory
    let rule: String
    let facts: [String]
}
