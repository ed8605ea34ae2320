/// 户籍类型 — rural (农村户籍) or urban (城镇户籍), as the household register records it. 农村留守儿童 depends on this,
/// not on whether the child lives in a village (domain-rules §8.3).
enum HukouType: String, CaseIterable, Codable, Sendable {
    /// 农村户籍
    case rural
    /// 城镇户籍
    case urban
}
