import Contract

/// 筛查病种 — a condition every newborn is screened for: the national ones of 卫生部令第64号 and the 2018 CHD
/// programme, plus those a province adds by policy from a date (`HealthScreeningPolicy.addedConditions`).
struct Condition: Codable, Sendable, Equatable {
    /// kebab-case (`pku`, `cah`), unique among the conditions in force.
    let code: String
    let title: Localized
    let method: Method

    /// How the condition is screened.
    enum Method: String, Codable, Sendable, PostgresTextEnum {
        /// 足跟血片: a blood spot sent to the screening centre's laboratory.
        case bloodSpot = "blood-spot"
        /// A screen performed at the bedside (hearing: otoacoustic emissions; heart: auscultation and pulse oximetry).
        case screen
    }

    /// 先天性甲状腺功能减低症, 苯丙酮尿症, 听力障碍 (卫生部令第64号 第2条) and 先天性心脏病 (国家卫健委 [2018]68号).
    static let national = [
        Condition(code: "ch", title: .init(zh: "先天性甲状腺功能减低症", en: "Congenital hypothyroidism"), method: .bloodSpot),
        Condition(code: "pku", title: .init(zh: "苯丙酮尿症", en: "Phenylketonuria"), method: .bloodSpot),
        Condition(code: "hearing", title: .init(zh: "听力障碍", en: "Hearing loss"), method: .screen),
        Condition(code: "chd", title: .init(zh: "先天性心脏病", en: "Congenital heart disease"), method: .screen)
    ]

    /// The national conditions and those `added` (a province's 备案 additions), an added code that repeats a national one ignored.
    static func inForce(adding added: [Condition]) -> [Condition] {
        national + added.filter { extra in !national.contains { $0.code == extra.code } }
    }
}

/// The rules that differ by place, with their defaults and sources.
enum HealthScreeningPolicy {
    static let addedConditions = PolicyKey(
        "health-screening.added-conditions",
        title: .init(
            zh: "本地增加的新生儿筛查病种 (自生效日起出生的新生儿)", en: "Conditions a province adds to newborn screening, for births from the effective date"),
        defaultValue: [Condition](),
        source: "《新生儿疾病筛查管理办法》(卫生部令第64号) 第2条: 省级卫生行政部门可根据本地区情况增加筛查病种, 报卫生部备案 (如山西增加 CAH、G6PD)")

    static var keys: [AnyPolicyKey] {
        [addedConditions.erased, CheckupSchedule.key.erased, EyeReferral.thresholds.erased, RecallOverdueNotices.escalationDelay.erased]
            + ChainClock.keys.map(\.erased)
    }
}
