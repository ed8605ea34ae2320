/// 送教上门频次 — how often teachers must visit a child taught at home: `visits` per `per` (month or week). Seed 004
/// (常州): 原则上每月上门不少于2次; 山东/河南: 每周2次 (domain-rules §4.3). Policy key
/// `dropout-control.home-teaching-frequency`.
struct HomeTeachingFrequency: Codable, Sendable, Equatable {
    enum Period: String, Codable, Sendable { case month, week }

    let visits: Int
    let per: Period

    static let standard = HomeTeachingFrequency(visits: 2, per: .month)

    /// Visits required in a month of `days` days (a weekly rule counts whole weeks: 28–31 days → 4 weeks).
    func required(inMonthOf days: Int) -> Int {
        per == .month ? visits : visits * (days / 7)
    }
}
