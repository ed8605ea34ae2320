import Contract
import Foundation

/// 常态化报告指标 (教基厅函〔2024〕15号) for a district subtree and a term: the three ledgers, cases open longer than
/// `openDays`, persuasion attempts, return rate, written reports, home-teaching compliance and whether the district
/// is at zero (动态清零: no verified dropout still out of school).
struct Indicators: Encodable, Sendable {
    struct OpenCases: Encodable, Sendable {
        let days: Int
        let count: Int
    }
    struct HomeTeaching: Encodable, Sendable {
        let month: String
        let plans: Int
        let belowFrequency: Int
        /// Share of plans meeting their frequency; `nil` without plans.
        let compliance: Double?
    }

    let district: DistrictCode
    let term: String
    /// The comparison the age-eligible ledger comes from, if one was run.
    let comparison: UUID?
    let ledgers: ComparisonRepository.Counts
    let casesOpenLongerThan: OpenCases
    let attempts: Int
    let verifiedCases: Int
    let returned: Int
    /// Returned (or closed as returned) over verified cases; `nil` without verified cases.
    let returnRate: Double?
    let writtenReports: Int
    let legalMeasures: Int
    let homeTeaching: HomeTeaching
    let pairings: Int
    /// 动态清零: no verified dropout still out of school; absent until a comparison has run for the term (no data is
    /// not zero).
    let atZero: Bool?
}
