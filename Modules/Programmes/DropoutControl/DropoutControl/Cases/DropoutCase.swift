import Contract
import Foundation

/// 控辍保学个案 — one student's case as the API returns it, with every attempt, report, measure and state change.
struct DropoutCase: Encodable, Sendable {
    let id: UUID
    let term: String
    let child: UUID?
    let name: String
    let district: DistrictCode
    let residenceDistrict: DistrictCode?
    let school: String?
    let source: String
    let state: CaseState
    let openedOn: CalendarDate
    let verifiedOn: CalendarDate?
    let returnedOn: CalendarDate?
    let followUpUntil: CalendarDate?
    let closedOn: CalendarDate?
    let closureReason: String?
    let closureEvidence: String?
    /// Why a written report (书面报告) is due now; absent while persuasion may go on or once reported.
    var reportDue: String?
    var attempts: [PersuasionAttempt] = []
    var reports: [WrittenReport] = []
    var legalMeasures: [LegalMeasure] = []
    var history: [StateChange] = []

    /// The columns `init(row:)` reads, from `dropout_control.cases`.
    static let columns = """
        id, term, child_id, name, district, residence_district, school, source, state, opened_on, verified_on,
        returned_on, follow_up_until, closed_on, closure_reason, closure_evidence
        """
    typealias Row = (
        UUID, String, UUID?, String, DistrictCode, DistrictCode?, String?, String, CaseState, CalendarDate, CalendarDate?, CalendarDate?,
        CalendarDate?, CalendarDate?, String?, String?
    )

    init(row: Row) {
        id = row.0
        term = row.1
        child = row.2
        name = row.3
        district = row.4
        residenceDistrict = row.5
        school = row.6
        source = row.7
        state = row.8
        openedOn = row.9
        verifiedOn = row.10
        returnedOn = row.11
        followUpUntil = row.12
        closedOn = row.13
        closureReason = row.14
        closureEvidence = row.15
    }
}

/// 书面报告 — to the county education bureau and the township, with its content and date.
struct WrittenReport: Codable, Sendable {
    let reportedOn: CalendarDate
    let recipients: [String]
    let content: String
}

/// 依法督促 — a legal measure taken after the written report (行政督促, 行政处罚, 诉讼 …).
struct LegalMeasure: Codable, Sendable {
    let measure: String
    let takenOn: CalendarDate
    let note: String?
}

/// One entry of the case's history (nothing is ever deleted).
struct StateChange: Codable, Sendable {
    let state: String
    let on: CalendarDate
    let note: String?
    let by: String
}

/// 动态销号 — closing a case: the reason, the evidence and the date.
struct Closure: Decodable, Sendable {
    let reason: String?
    let evidence: String?
    let closedOn: CalendarDate?
}

extension CaseState: PostgresTextEnum {}
