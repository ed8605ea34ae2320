import Contract
import Foundation
import Logging
import PostgresNIO

/// Completing or correcting a file after it was opened: only the fields sent change; an empty string clears a
/// text field. Facts the category rules read (hukou type, adoption, death, schooling, institution) re-derive the
/// categories, so a child who stops qualifying goes to exit review.
struct FileUpdate: Decodable, Sendable {
    var hukouType: HukouType?
    var ethnicity: String?
    var livingWith: String?
    var boarding: Bool?
    var school: String?
    var grade: String?
    var health: String?
    var disabilityType: String?
    var disabilityGrade: Int?
    var economicStatus: [String]?
    var contacts: [Contact]?
    var inInstitution: Bool?
    var fullTimeStudent: Bool?
    var adopted: Bool?
    var deceased: Bool?
    /// When residence and household registration differ: which of the two districts looks after the child.
    var responsibleDistrict: String?

    func validate() throws {
        if let grade = disabilityGrade, !(1...4).contains(grade) {
            throw Problem.invalid("disabilityGrade", "残疾等级应为 1 到 4", "disabilityGrade must be 1 to 4")
        }
    }
}

extension FileRepository {
    /// Applies `update` to the file; a responsible district must be the residence or the household-registration one.
    func update(_ child: UUID, with update: FileUpdate, by actor: String, today: CalendarDate, _ connection: PostgresConnection) async throws {
        guard let current = try await facts(child, connection) else { throw Problem.notFound(FileEndpoints.file) }
        let responsible = try update.responsibleDistrict.map { try Input.district($0, field: "responsibleDistrict") }
        if let responsible, responsible != current.residence, responsible != current.hukou {
            throw Problem.invalid("responsibleDistrict", "负责地应为居住地 (\(current.residence)) 或户籍地 (\(current.hukou))",
                                  "the responsible district must be the residence or the household-registration district")
        }
        try await connection.run("""
            UPDATE registry.files SET
                hukou_type = COALESCE(\(update.hukouType?.rawValue), hukou_type),
                ethnicity = CASE WHEN \(update.ethnicity)::text IS NULL THEN ethnicity ELSE NULLIF(\(update.ethnicity), '') END,
                living_with = CASE WHEN \(update.livingWith)::text IS NULL THEN living_with ELSE NULLIF(\(update.livingWith), '') END,
                boarding = COALESCE(\(update.boarding), boarding),
                school = CASE WHEN \(update.school)::text IS NULL THEN school ELSE NULLIF(\(update.school), '') END,
                grade = CASE WHEN \(update.grade)::text IS NULL THEN grade ELSE NULLIF(\(update.grade), '') END,
                health = CASE WHEN \(update.health)::text IS NULL THEN health ELSE NULLIF(\(update.health), '') END,
                disability_type = CASE WHEN \(update.disabilityType)::text IS NULL THEN disability_type ELSE NULLIF(\(update.disabilityType), '') END,
                disability_grade = COALESCE(\(update.disabilityGrade.map(Int16.init)), disability_grade),
                economic_status = COALESCE(\(update.economicStatus), economic_status),
                contacts = COALESCE(\(update.contacts.map { RegistryPolicy.json($0) })::jsonb, contacts),
                in_institution = COALESCE(\(update.inInstitution), in_institution),
                full_time_student = COALESCE(\(update.fullTimeStudent), full_time_student),
                adopted = COALESCE(\(update.adopted), adopted),
                deceased = COALESCE(\(update.deceased), deceased),
                responsible_district = COALESCE(\(responsible?.value), responsible_district),
                updated_at = now()
            WHERE child_id = \(child)
            """, logger: logger)
        try await rederive(child, by: actor, today: today, connection)
    }
}
