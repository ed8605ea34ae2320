import Contract

/// 视力转诊标准 — from which age a visual acuity (decimal, 小数视力) below a bound refers the child to an eye clinic. A
/// policy setting: the bounds are those commonly cited from the 2021 eye-care specification, not verified against its
/// text nationally, so a province sets its own.
struct AcuityThreshold: Codable, Sendable, Equatable {
    /// The age from which the bound applies, in whole months.
    let fromMonths: Int
    /// An eye below this acuity is referred.
    let below: Double
}

enum EyeReferral {
    static let thresholds = PolicyKey(
        "health-screening.eye-referral-acuity",
        title: .init(zh: "各年龄视力转诊标准 (小数视力低于即转诊)", en: "Visual acuity below which a child is referred, by age"),
        defaultValue: [
            AcuityThreshold(fromMonths: 36, below: 0.5), AcuityThreshold(fromMonths: 48, below: 0.6),
            AcuityThreshold(fromMonths: 72, below: 0.7)
        ],
        source:
            "国家层面未核实 (unverified nationally): 常见引用《0～6岁儿童眼保健及视力检查服务规范(试行)》(国卫办妇幼发〔2021〕11号) "
            + "3 岁 <0.5、4–5 岁 <0.6、6 岁 <0.7 转诊; 规范原文未取得, 各省可按本地方案覆盖")

    /// Why the eye check refers the child, or `nil`: an abnormal finding at any age, or an eye below the bound in force
    /// for `months` (the highest `fromMonths` not above it).
    static func reason(left: Double?, right: Double?, abnormal: Bool, months: Int, thresholds: [AcuityThreshold]) -> String? {
        if abnormal { return "眼病筛查异常, 建议转诊 (abnormal eye screen)" }
        guard let bound = thresholds.filter({ $0.fromMonths <= months }).max(by: { $0.fromMonths < $1.fromMonths }) else { return nil }
        let low = [("左眼", left), ("右眼", right)].compactMap { eye, acuity in acuity.flatMap { $0 < bound.below ? "\(eye) \($0)" : nil } }
        guard !low.isEmpty else { return nil }
        return "\(low.joined(separator: ", ")) 低于 \(bound.below) (\(bound.fromMonths) 月龄起的转诊标准), 建议转诊"
    }
}
