import Contract
import Foundation
import Logging
import PostgresNIO

/// 委托照护协议 (未成年人保护法 第22–23条) — parents working away entrust the child to a carer; the agreement
/// names the carer and the dates, and records the parents' duty to contact the child at least weekly.
struct CareAgreement: Codable, Sendable {
    var id: Int64?
    let carerName: String
    let relationship: String
    let starts: CalendarDate
    let ends: CalendarDate?
    let signedOn: CalendarDate
    /// 父母每周至少联系一次 (第23条).
    let weeklyContact: Bool?

    /// Field errors in Chinese, naming the field.
    func validate(today: CalendarDate) throws {
        _ = try BodyInput.text(carerName, "carerName")
        _ = try BodyInput.text(relationship, "relationship")
        guard signedOn <= today else { throw Problem.invalid("signedOn", "签订日期不能在未来", "signedOn cannot be in the future") }
        if let ends, ends <= starts { throw Problem.invalid("ends", "结束日期应晚于开始日期", "ends must be after starts") }
    }
}

/// Reads and records agreements on the caller's scoped connection.
struct AgreementRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    func record(_ agreement: CareAgreement, child: UUID, by actor: String, _ connection: PostgresConnection) async throws -> Int64 {
        try await connection.query(
            """
            INSERT INTO registry.care_agreements (child_id, carer_name, relationship, starts, ends, signed_on, weekly_contact, recorded_by)
            VALUES (\(child), \(agreement.carerName), \(agreement.relationship), \(agreement.starts.description)::date, \(agreement.ends?.description)::date,
                    \(agreement.signedOn.description)::date, \(agreement.weeklyContact ?? true), \(actor))
            RETURNING id
            """, logger: logger
        ).decode(Int64.self).single("registry.care_agreements RETURNING id")
    }

    /// Ends an agreement (the parents came home, a new carer): its end date is set, the record kept.
    func end(_ id: Int64, on date: CalendarDate, _ connection: PostgresConnection) async throws -> UUID {
        guard
            let row = try await connection.query(
                """
                SELECT child_id, starts, ends FROM registry.care_agreements WHERE id = \(id)
                """, logger: logger
            ).decode((UUID, CalendarDate, CalendarDate?).self).first()
        else { throw Problem.notFound(AgreementEndpoints.agreement) }
        if let ends = row.2 { throw Problem.stateConflict("该协议已于 \(ends) 结束", "the agreement already ended") }
        guard date > row.1 else { throw Problem.invalid("ends", "结束日期应晚于开始日期 \(row.1)", "ends must be after starts") }
        try await connection.run("UPDATE registry.care_agreements SET ends = \(date) WHERE id = \(id)", logger: logger)
        return row.0
    }

    /// Every agreement of the child, the latest first.
    func agreements(of child: UUID, _ connection: PostgresConnection) async throws -> [CareAgreement] {
        let rows = try await connection.query(
            """
            SELECT id, carer_name, relationship, starts, ends, signed_on, weekly_contact
            FROM registry.care_agreements WHERE child_id = \(child) ORDER BY starts DESC, id DESC
            """, logger: logger
        ).decode((Int64, String, String, CalendarDate, CalendarDate?, CalendarDate, Bool).self).collect()
        return rows.map { row in
            CareAgreement(
                id: row.0, carerName: row.1, relationship: row.2, starts: row.3, ends: row.4,
                signedOn: row.5, weeklyContact: row.6)
        }
    }
}
