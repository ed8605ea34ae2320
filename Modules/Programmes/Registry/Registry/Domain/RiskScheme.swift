import Vocabulary

/// 分级分色方案 — a place's risk colours, highest first, with their names and visit intervals; the policy setting
/// `registry.risk-scheme` (default `standard`).
struct RiskScheme: Codable, Sendable, Equatable {
    /// 风险等级 — one colour of the scheme.
    struct Level: Codable, Sendable, Equatable {
        var colour: RiskColour
        /// `红`
        var name: String
        /// `高风险`
        var meaning: String
        /// Days from a visit to the next one due.
        var visitIntervalDays: Int
    }

    /// Highest risk first.
    var levels: [Level]

    /// The colour some findings force (`ForcedRed`) and whose setting needs a supervisor's confirmation.
    var highest: RiskColour { levels.first?.colour ?? .red }

    /// The interval of `colour`; for a colour the scheme lacks, the shortest of the scheme, so no child waits longer.
    func visitIntervalDays(for colour: RiskColour) -> Int {
        levels.first { $0.colour == colour }?.visitIntervalDays ?? levels.map(\.visitIntervalDays).min() ?? Self.monthlyFloorDays
    }

    /// 一月一访 (seed 004, 常州: 一月至少1次入户巡访关爱) read as at most 30 days between visits.
    static let monthlyFloorDays = 30

    /// 常州市武进区 四色档案 (domain-rules §1.2): 红 高风险, 黄 中风险, 蓝 低风险, 绿 健康成长. Intervals: red weekly
    /// (cf. 内蒙古 高风险 ≥1 per week, §1.5), yellow every 15 days, blue and green at the 一月一访 floor.
    static let standard = RiskScheme(levels: [
        Level(colour: .red, name: "红", meaning: "高风险", visitIntervalDays: 7),
        Level(colour: .yellow, name: "黄", meaning: "中风险", visitIntervalDays: 15),
        Level(colour: .blue, name: "蓝", meaning: "低风险", visitIntervalDays: monthlyFloorDays),
        Level(colour: .green, name: "绿", meaning: "健康成长", visitIntervalDays: monthlyFloorDays)
    ])

    /// Refuses a scheme `VisitCadence` cannot use: no levels, a colour twice, an interval below one day.
    func validate() throws(Problem) {
        guard !levels.isEmpty else { throw .invalid("levels", "风险方案至少要有一个等级", "a scheme needs at least one level") }
        guard Set(levels.map(\.colour)).count == levels.count else {
            throw .invalid("levels", "风险方案中颜色重复", "a colour appears twice in the scheme")
        }
        if let level = levels.first(where: { $0.visitIntervalDays < 1 }) {
            throw .invalid(
                "visitIntervalDays", "\(level.name)色的走访间隔应至少 1 天", "the \(level.colour.rawValue) interval must be at least 1 day")
        }
    }
}
