import Contract
import Foundation
import NIOCore
import PostgresNIO

/// Who a case, plan or pairing is about, as a request names them: a watched child by id (from a ledger), or a
/// student by ID number (in the body, never in a URL) with a name when the enrolment snapshot does not have one.
struct StudentReference: Decodable, Sendable {
    var child: UUID?
    var idNumber: String?
    var name: String?
}

/// A resolved student: the blind index always; the core child and residence when known.
struct Student: Sendable {
    let index: Data
    let child: UUID?
    let name: String
    let residence: DistrictCode?
    /// From the term's enrolment snapshot, when the student is in it (and in the caller's scope).
    let school: String?
    let schoolDistrict: DistrictCode?
}

extension StudentReference {
    /// Resolves the reference on the caller's connection: a watched child must be in scope; an ID number must be valid.
    func resolve(term: Term?, context: ProgrammeContext, _ connection: PostgresConnection) async throws -> Student {
        let logger = context.logger
        if let child {
            guard let (index, name, residence) = try await connection.query("""
                SELECT w.id_index, c.name, w.residence_district FROM dropout_control.watch w JOIN core.children c ON c.id = w.child_id
                WHERE w.child_id = \(child)
                """, logger: logger).decode((Data, String, Int64).self).first() else {
                throw Problem.notFound(.init(zh: "关注名单中的儿童", en: "Watched child"))
            }
            let enrolment = try await Self.enrolment(index, term: term, logger: logger, connection)
            return Student(index: index, child: child, name: name, residence: DistrictCode(value: residence), school: enrolment?.school,
                           schoolDistrict: enrolment?.district)
        }
        guard let idNumber else { throw Problem.invalid("idNumber", "请提供 child (关注名单中的儿童编号) 或 idNumber (身份证号)", "child or idNumber is required") }
        let id = try CitizenID(idNumber)
        let index = context.children.keyring.current.blindIndex(id)
        let child = try await connection.query("SELECT id FROM core.children_by_index(\([ByteBuffer(bytes: index)]))", logger: logger).decode(UUID.self).first()
        var residence: Int64?
        if let child {
            residence = try await connection.query("SELECT residence_district FROM dropout_control.watch WHERE child_id = \(child)", logger: logger).decode(Int64.self).first()
        }
        let enrolment = try await Self.enrolment(index, term: term, logger: logger, connection)
        guard let name = name?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? enrolment?.name else {
            throw Problem.invalid("name", "该学生不在本学期学籍快照中, 请填写姓名", "the student is not in the term's snapshot: name is required")
        }
        return Student(index: index, child: child, name: name, residence: residence.flatMap { DistrictCode(value: $0) }, school: enrolment?.school,
                       schoolDistrict: enrolment?.district)
    }

    /// The student's row in the term's current snapshot, if the caller's scope covers the school.
    static func enrolment(_ index: Data, term: Term?, logger: Logger, _ connection: PostgresConnection) async throws -> (name: String, school: String, district: DistrictCode)? {
        guard let term else { return nil }
        return try await connection.query("""
            SELECT e.name, e.school, e.school_district FROM dropout_control.enrolments e
            WHERE e.snapshot = (SELECT snapshot FROM dropout_control.current_snapshots WHERE term = \(term.description)) AND e.id_index = \(index)
            ORDER BY e.line LIMIT 1
            """, logger: logger).decode((String, String, Int64).self).first().map { ($0.0, $0.1, DistrictCode(value: $0.2)!) }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
