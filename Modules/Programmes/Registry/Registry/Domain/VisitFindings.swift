/// 走访发现 — what a visit found that can force the highest risk colour.
struct VisitFindings: Codable, Sendable, Equatable {
    /// The child's age (周岁) on the visit day.
    var age: Int
    /// 脱离监护单独生活: living alone, no guardian or carer.
    var livesAlone: Bool
    /// 疑似遭受家庭暴力、虐待、欺凌.
    var suspectedViolence: Bool
    /// One of the nine situations of the 强制报告 意见 第4条 (domain-rules §6.1).
    var mandatoryReportSituation: Bool

    init(age: Int, livesAlone: Bool = false, suspectedViolence: Bool = false, mandatoryReportSituation: Bool = false) {
        self.age = age
        self.livesAlone = livesAlone
        self.suspectedViolence = suspectedViolence
        self.mandatoryReportSituation = mandatoryReportSituation
    }
}
