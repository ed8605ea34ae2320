import Contract
import Foundation
import PostgresNIO
import Schedules

/// 工作清单 — what a township health centre, a 妇幼 or a designated centre has to act on in a district's subtree:
/// recalls (召回) and rescreens (复筛) due, overdue or missed, from the chains' open engine items (the core's open-items
/// index, one county in due order), and referrals waiting for the receiving institution's acceptance (a chain's
/// referral to a designated centre, a disability screening referral), oldest first. Row-level security decides what
/// the connection sees; the district filter only narrows it.
struct WorklistRepository: Sendable {
    let context: ProgrammeContext

    /// The lists, as the query parameter names them.
    enum List: String, Sendable, CaseIterable {
        case recalls, rescreens, referrals

        var item: String { self == .recalls ? "recall" : "rescreen" }
    }

    static let schedules = [ChainClock.bloodSpot.id, ChainClock.hearing.id, ChainClock.heart.id]
    /// Where the chain's id starts in the engine's subject, after `health-screening.chain:` (for `substr`, an integer).
    static let chainStart = Int32(ChainClock.subjectID(UUID()).count - 36 + 1)

    /// One keyset page of `list` in `district`'s subtree: referrals waiting, or recalls and rescreens in `status`.
    func entries(
        _ list: List, status: ScheduleItemStatus, in district: DistrictCode, after: UUID?, limit: Int, now: Date,
        on connection: PostgresConnection
    ) async throws -> [WorklistEntry] {
        list == .referrals
            ? try await referrals(in: district, after: after, limit: limit, on: connection)
            : try await scheduled(list, status: status, in: district, after: after, limit: limit, now: now, on: connection)
    }

    /// One page of open `list.item` items at `status` in `district`'s subtree at `now`, in due order after `after`.
    func scheduled(
        _ list: List, status: ScheduleItemStatus, in district: DistrictCode, after: UUID?, limit: Int, now: Date,
        on connection: PostgresConnection
    ) async throws -> [WorklistEntry] {
        let range = district.subtree
        var query: PostgresQuery = """
            SELECT i.id, c.id, c.newborn, c.condition, c.title_zh, c.title_en, n.hospital, n.hospital_record, i.district, i.due_from,
                   i.due_by, i.expires
            FROM core.schedule_items i
            JOIN health_screening.chains c ON c.id = substr(i.subject, \(Self.chainStart))::uuid
            JOIN health_screening.newborns n ON n.id = c.newborn
            WHERE \(county: "i.county", of: range) AND i.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND i.state = 'planned' AND i.schedule = ANY(\(Self.schedules)) AND i.item = \(list.item)
            """
        let (lower, upper) = Self.bounds(status)
        query.sql += " AND \(lower.column) \(lower.op) $\(query.binds.count + 1)"
        query.binds.append(now)
        if let upper {
            query.sql += " AND \(upper.column) \(upper.op) $\(query.binds.count + 1)"
            query.binds.append(now)
        }
        if let after {
            query.sql +=
                " AND (i.due_by, i.district, i.id) > (SELECT due_by, district, id FROM core.schedule_items WHERE id = $\(query.binds.count + 1))"
            query.binds.append(after)
        }
        query.sql += " ORDER BY i.due_by, i.district, i.id LIMIT $\(query.binds.count + 1)"
        query.binds.append(limit)
        let rows = try await connection.query(query, logger: context.logger).decode(
            (UUID, UUID, UUID, String, String, String, String, String, DistrictCode, Date, Date, Date).self
        ).collect()
        return rows.map {
            WorklistEntry(
                id: $0.0, chain: $0.1, newborn: $0.2, condition: $0.3, title: .init(zh: $0.4, en: $0.5), hospital: $0.6,
                hospitalRecord: $0.7,
                district: $0.8, dueFrom: $0.9, dueBy: $0.10, expires: $0.11, status: status, referredTo: nil, referredAt: nil)
        }
    }

    /// The window condition of `status` on the item's instants (`due`: from its start to its due-by; `overdue`: past
    /// due-by, not expired; `missed`: expired; `upcoming`: not yet due).
    static func bounds(_ status: ScheduleItemStatus) -> (lower: (column: String, op: String), upper: (column: String, op: String)?) {
        switch status {
        case .upcoming: (("i.due_from", ">"), nil)
        case .due: (("i.due_from", "<="), ("i.due_by", ">"))
        case .overdue: (("i.due_by", "<="), ("i.expires", ">"))
        case .missed: (("i.expires", "<="), nil)
        }
    }

    /// Referrals waiting for the receiving institution in `district`'s subtree (the chain's newborn followed there, or
    /// the disability referral sent from or to it), oldest first, after `after`.
    func referrals(in district: DistrictCode, after: UUID?, limit: Int, on connection: PostgresConnection) async throws -> [WorklistEntry] {
        let range = district.subtree
        let rows = try await connection.query(
            """
            WITH waiting AS (
                SELECT s.id, c.id AS chain, c.newborn, c.condition, c.title_zh, c.title_en, n.hospital, n.hospital_record, n.district,
                       s.institution, s.occurred_at
                FROM health_screening.steps s
                JOIN health_screening.chains c ON c.id = s.chain
                JOIN health_screening.newborns n ON n.id = c.newborn
                WHERE s.link = 'confirmation' AND s.state = 'referred' AND c.outcome IS NULL
                  AND n.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                  AND NOT EXISTS (SELECT 1 FROM health_screening.steps l WHERE l.chain = s.chain AND l.link = 'confirmation'
                                  AND l.position > s.position)
                UNION ALL
                SELECT r.id, NULL, NULL, r.disability, '残疾筛查转介', 'Disability screening referral', NULL, NULL, r.district,
                       r.to_institution, r.referred_at
                FROM health_screening.referrals r
                WHERE r.state = 'referred' AND (r.district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                      OR r.to_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
            )
            SELECT id, chain, newborn, condition, title_zh, title_en, hospital, hospital_record, district, institution, occurred_at
            FROM waiting
            WHERE \(after)::uuid IS NULL OR (occurred_at, id) > (SELECT occurred_at, id FROM waiting WHERE id = \(after))
            ORDER BY occurred_at, id LIMIT \(limit)
            """, logger: context.logger
        ).decode((UUID, UUID?, UUID?, String, String, String, String?, String?, DistrictCode, String?, Date).self).collect()
        return rows.map {
            WorklistEntry(
                id: $0.0, chain: $0.1, newborn: $0.2, condition: $0.3, title: .init(zh: $0.4, en: $0.5), hospital: $0.6,
                hospitalRecord: $0.7,
                district: $0.8, dueFrom: nil, dueBy: nil, expires: nil, status: nil, referredTo: $0.9, referredAt: $0.10)
        }
    }
}

/// One line of a work list: the chain (or the disability referral) and its newborn, where it is filed, and its deadline
/// (recalls, rescreens) or the institution it waits for (referrals).
struct WorklistEntry: Codable, Sendable, Equatable, DocumentedBody {
    /// The engine item, the referral step or the disability referral.
    let id: UUID
    let chain: UUID?
    let newborn: UUID?
    /// The condition, or the disability for a disability referral.
    let condition: String
    let title: Localized
    let hospital: String?
    let hospitalRecord: String?
    let district: DistrictCode
    let dueFrom: Date?
    let dueBy: Date?
    let expires: Date?
    let status: ScheduleItemStatus?
    let referredTo: String?
    let referredAt: Date?

    static var examples: [WorklistEntry] {
        get throws {
            [
                WorklistEntry(
                    id: try Example.uuid("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"),
                    chain: try Example.uuid("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
                    newborn: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4"), condition: "pku",
                    title: .init(zh: "苯丙酮尿症", en: "Phenylketonuria"), hospital: "武进区妇幼保健院", hospitalRecord: "ZY2026110012",
                    district: try Example.district("320412100201"), dueFrom: try Example.instant("2026-11-01T02:30:00Z"),
                    dueBy: try Example.instant("2026-11-12T16:00:00Z"), expires: try Example.instant("2027-05-01T16:00:00Z"),
                    status: .overdue,
                    referredTo: "常州市新生儿疾病筛查中心", referredAt: try Example.instant("2026-11-10T02:00:00Z")),
                WorklistEntry(
                    id: try Example.uuid("4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7d"), chain: nil, newborn: nil, condition: "hearing",
                    title: .init(zh: "残疾筛查转介", en: "Disability screening referral"), hospital: nil, hospitalRecord: nil,
                    district: try Example.district("320412100201"), dueFrom: nil, dueBy: nil, expires: nil, status: nil,
                    referredTo: "武进区妇幼保健院", referredAt: try Example.instant("2026-10-02T02:00:00Z"))
            ]
        }
    }
}
