import RegistryInterface

/// 应退未退 — a category the child holds but no longer qualifies for, with every reason found; it opens an exit
/// review, nothing ends silently.
struct ExitTrigger: Codable, Sendable, Equatable {
    let category: ChildCategory
    /// Never empty.
    let reasons: [ExitReason]

    /// `不再符合农村留守儿童认定: 已满 16 周岁; 父亲 外出务工 已于 2026-01-01 结束`
    var explanation: String {
        "不再符合\(category.title.zh)认定: " + reasons.map(\.explanation).joined(separator: "; ")
    }
}
