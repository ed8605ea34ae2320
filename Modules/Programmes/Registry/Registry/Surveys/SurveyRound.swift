import Contract
import Foundation

/// 一年两排 — a survey round a district opens for its whole subtree (usually a county, twice a year): every child
/// living there is to be checked between `opensOn` and `closesOn`.
struct SurveyRound: Codable, Sendable {
    let id: Int64
    let district: DistrictCode
    let title: String
    let opensOn: CalendarDate
    let closesOn: CalendarDate
    let openedBy: String

    static let columns = "id, district, title, opens_on, closes_on, opened_by"
    typealias Row = (Int64, DistrictCode, String, CalendarDate, CalendarDate, String)

    init(_ row: Row) {
        self.init(id: row.0, district: row.1, title: row.2, opensOn: row.3, closesOn: row.4, openedBy: row.5)
    }

    init(id: Int64, district: DistrictCode, title: String, opensOn: CalendarDate, closesOn: CalendarDate, openedBy: String) {
        self.id = id
        self.district = district
        self.title = title
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.openedBy = openedBy
    }
}

/// How far a round has got in a district: a child counts as checked with an explicit check in the round or a
/// visit recorded within its dates.
struct SurveyProgress: Encodable, Sendable {
    let round: SurveyRound
    let district: DistrictCode
    let children: Int
    let checked: Int
    let rate: Double?
    /// The same per district one level down.
    let byDistrict: [Part]

    struct Part: Encodable, Sendable {
        let district: DistrictCode
        let children: Int
        let checked: Int
    }
}

/// One child checked in a round.
struct SurveyCheck: Decodable, Sendable {
    enum Outcome: String, Codable, Sendable, CaseIterable {
        /// 核实无变化
        case unchanged
        /// 信息有变化, 已更新档案
        case updated
        /// 已迁出
        case movedAway = "moved-away"
        /// 查无此人
        case notFound = "not-found"
    }

    let child: UUID
    let outcome: Outcome
    let note: String?
    let checkedOn: CalendarDate?
}
