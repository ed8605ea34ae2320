/// 强制最高风险 — findings that put a child at the scheme's highest colour whatever the scoring says
/// (domain-rules §1.8: an emergency override that bypasses scoring). National law, so code, not a setting.
enum ForcedRed {
    /// 未成年人保护法 第21条: 不得使未满十六周岁的未成年人脱离监护单独生活.
    static let livingAloneAgeLimit = 16

    /// The reasons, in Chinese; empty when nothing forces the colour.
    static func reasons(for findings: VisitFindings) -> [String] {
        var reasons: [String] = []
        if findings.livesAlone, findings.age < livingAloneAgeLimit {
            reasons.append("未满 \(livingAloneAgeLimit) 周岁脱离监护单独生活 (未成年人保护法 第21条)")
        }
        if findings.suspectedViolence {
            reasons.append("疑似遭受家庭暴力、虐待或欺凌 (强制报告意见 第4条)")
        }
        if findings.mandatoryReportSituation {
            reasons.append("属于强制报告情形, 应立即向公安机关报告 (强制报告意见 第4条; 未成年人保护法 第11条)")
        }
        return reasons
    }
}
