import Contract
import Foundation

/// 转移交接 — a child moving to another district: proposed by the sending district, accepted or rejected by the
/// receiving one. Until it is accepted the sender stays responsible for the child.
struct Transfer: Encodable, Sendable {
    enum Status: String, Codable, Sendable, PostgresTextEnum { case proposed, accepted, rejected, withdrawn }

    let id: Int64
    let child: UUID
    let fromDistrict: DistrictCode
    let toDistrict: DistrictCode
    let reason: String
    /// The child as the sender's roster showed it when the transfer was proposed: what the receiver sees before
    /// accepting, since the file itself is outside its scope until then.
    let summary: RosterEntry
    let status: Status
    let proposedBy: String
    let proposedAt: Date
    let decidedBy: String?
    let decidedAt: Date?
    let decisionNote: String?

    static let columns =
        "id, child_id, from_district, to_district, reason, summary::text, status, proposed_by, proposed_at, decided_by, decided_at, decision_note"
    typealias Row = (Int64, UUID, DistrictCode, DistrictCode, String, String, Status, String, Date, String?, Date?, String?)

    init(_ row: Row) throws {
        id = row.0
        child = row.1
        fromDistrict = row.2
        toDistrict = row.3
        reason = row.4
        summary = try JSONDecoder().decode(RosterEntry.self, from: Data(row.5.utf8))
        status = row.6
        proposedBy = row.7
        proposedAt = row.8
        decidedBy = row.9
        decidedAt = row.10
        decisionNote = row.11
    }
}

/// What proposing a transfer needs: where the child now lives and why.
struct TransferProposal: Decodable, Sendable {
    let toDistrict: String
    let reason: String
}
