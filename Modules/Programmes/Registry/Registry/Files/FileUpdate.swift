import Contract
import Foundation
import Logging
import PostgresNIO

/// Completing or correcting a file after it was opened: only the fields sent change; an empty string clears a
/// text field. Facts the category rules read (hukou type, adoption, death, schooling, institution) re-derive the
/// categories, so a child who stops qualifying goes to exit review.
struct FileUpdate: Sendable {
    var details: FileDetails
    var adopted: Bool?
    var deceased: Bool?
    /// When residence and household registration differ: which of the two districts looks after the child.
    var responsibleDistrict: String?
}

extension FileUpdate: Decodable {
    private enum Keys: String, CodingKey { case adopted, deceased, responsibleDistrict }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        details = try FileDetails(from: decoder)
        adopted = try container.decodeIfPresent(Bool.self, forKey: .adopted)
        deceased = try container.decodeIfPresent(Bool.self, forKey: .deceased)
        responsibleDistrict = try container.decodeIfPresent(String.self, forKey: .responsibleDistrict)
    }
}

extension FileRepository {
    /// Applies `update` to the file; a responsible district must be the residence or the household-registration one.
    func update(_ child: UUID, with update: FileUpdate, by actor: String, today: CalendarDate, _ connection: PostgresConnection)
        async throws
    {
        guard let current = try await facts(child, connection) else { throw Problem.notFound(FileEndpoints.file) }
        let details = update.details
        let responsible = try update.responsibleDistrict.map { try BodyInput.district($0, "responsibleDistrict") }
        if let responsible, responsible != current.residence, responsible != current.hukou {
            throw Problem.invalid(
                "responsibleDistrict", "负责地应为居住地 (\(current.residence)) 或户籍地 (\(current.hukou))",
                "the responsible district must be the residence or the household-registration district")
        }
        let contacts = details.contacts.map { SealedContacts($0, keyring: context.children.keyring.current) }
        try await connection.run(
            """
            UPDATE registry.files SET
                hukou_type = COALESCE(\(details.hukouType?.rawValue), hukou_type),
                ethnicity = CASE WHEN \(details.ethnicity)::text IS NULL THEN ethnicity ELSE NULLIF(\(details.ethnicity), '') END,
                living_with = CASE WHEN \(details.livingWith)::text IS NULL THEN living_with ELSE NULLIF(\(details.livingWith), '') END,
                boarding = COALESCE(\(details.boarding), boarding),
                school = CASE WHEN \(details.school)::text IS NULL THEN school ELSE NULLIF(\(details.school), '') END,
                grade = CASE WHEN \(details.grade)::text IS NULL THEN grade ELSE NULLIF(\(details.grade), '') END,
                health = CASE WHEN \(details.health)::text IS NULL THEN health ELSE NULLIF(\(details.health), '') END,
                disability_type = CASE WHEN \(details.disabilityType)::text IS NULL THEN disability_type ELSE NULLIF(\(details.disabilityType), '') END,
                disability_grade = COALESCE(\(details.disabilityGrade.map(Int16.init)), disability_grade),
                economic_status = COALESCE(\(details.economicStatus), economic_status),
                contacts = COALESCE(\(contacts?.masked)::jsonb, contacts),
                contacts_cipher = CASE WHEN \(contacts != nil) THEN \(contacts?.cipher) ELSE contacts_cipher END,
                contacts_key = CASE WHEN \(contacts != nil) THEN \(contacts?.keyID) ELSE contacts_key END,
                in_institution = COALESCE(\(details.inInstitution), in_institution),
                full_time_student = COALESCE(\(details.fullTimeStudent), full_time_student),
                adopted = COALESCE(\(update.adopted), adopted),
                deceased = COALESCE(\(update.deceased), deceased),
                responsible_district = COALESCE(\(responsible?.value), responsible_district),
                updated_at = now()
            WHERE child_id = \(child)
            """, logger: logger)
        if let deceased = update.deceased, deceased != current.facts.deceased {
            if deceased {
                try await exitVisits(child, reason: VisitCadence.deathExit, today: today, at: context.clock.now(), connection)
            } else {
                try await undoDeath(child, today: today, at: context.clock.now(), connection)
            }
        }
        try await rederive(child, by: actor, today: today, connection)
    }
}
