import Contract
import Foundation
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
    /// Resolves the reference on the caller's connection: a watched child must be in scope; an ID number must be valid
    /// and its child, if registered, in the caller's scope or enrolled in the caller's schools (404 naming `idNumber`).
    func resolve(term: Term?, context: ProgrammeContext, _ connection: PostgresConnection) async throws -> Student {
        let students = StudentRepository(context: context)
        if let child {
            guard let (index, name, residence) = try await students.watched(child, connection) else {
                throw Problem.notFound(.init(zh: "关注名单中的儿童", en: "Watched child"))
            }
            let enrolment = try await students.enrolment(index, term: term, connection)
            return Student(
                index: index, child: child, name: name, residence: residence, school: enrolment?.school, schoolDistrict: enrolment?.district
            )
        }
        guard let idNumber else {
            throw Problem.invalid("idNumber", "请提供 child (关注名单中的儿童编号) 或 idNumber (身份证号)", "child or idNumber is required")
        }
        let id = try CitizenID(idNumber, today: context.clock.today())
        let index = context.children.keyring.current.blindIndex(id)
        let enrolment = try await students.enrolment(index, term: term, connection)
        // The child as the caller's scope sees it; a child registered elsewhere only when enrolled in the caller's schools.
        var child = try await students.child(withIndex: index, connection)
        if child == nil, let registered = try await students.registeredChild(withIndex: index, connection) {
            guard enrolment != nil else { throw Self.outOfScope }
            child = registered
        }
        var residence: DistrictCode?
        if let child { residence = try await students.residence(of: child, connection) }
        guard let name = name?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? enrolment?.name else {
            throw Problem.invalid("name", "该学生不在本学期学籍快照中, 请填写姓名", "the student is not in the term's snapshot: name is required")
        }
        return Student(
            index: index, child: child, name: name, residence: residence, school: enrolment?.school, schoolDistrict: enrolment?.district)
    }

    /// A child registered outside the caller's scope who is not a student of the caller's schools.
    static let outOfScope = Problem(
        kind: "not-found", status: 404, title: .init(zh: "未找到", en: "Not found"),
        detail: .init(
            zh: "该身份证号的儿童不在您的管辖范围内, 也不是您所辖学校的在籍学生",
            en: "the child with this ID number is outside your scope and not a student of your schools"),
        field: "idNumber")
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
