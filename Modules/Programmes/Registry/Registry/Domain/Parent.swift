/// 父母 — which parent a status is about.
enum Parent: String, CaseIterable, Codable, Sendable {
    /// 父亲
    case father
    /// 母亲
    case mother

    var chineseName: String { self == .father ? "父亲" : "母亲" }

    var other: Parent { self == .father ? .mother : .father }
}
