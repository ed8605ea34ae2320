import Contract
import Foundation
import Hummingbird

/// `POST /absences` — a school reports a student's consecutive unexplained absence days (连续无故缺勤). Past the
/// threshold in force where the school is (policy `dropout-control.absence-threshold-days`), the student becomes a
/// suspected dropout: a case is opened unless one is open already.
struct AbsenceEndpoints {
    let cases: CaseRepository

    struct Report: Decodable {
        let idNumber: String
        let term: String
        let consecutiveDays: Int
        let lastAttended: CalendarDate
        let note: String?
    }

    struct Outcome: Encodable {
        let absence: Int64
        let suspected: Bool
        let threshold: Int
        let thresholdSource: String
        /// The case opened (or already open) for a suspected dropout.
        let caseID: UUID?
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/absences", summary: .init(zh: "学校报告连续无故缺勤天数; 超过阈值即列为疑似辍学", en: "Report consecutive unexplained absence days"),
                access: .permission(DropoutPermissions.absenceReport),
                request: .objectSchema(
                    [
                        "idNumber": .stringSchema("学生身份证号"), "term": .stringSchema("学期"),
                        "consecutiveDays": ["type": "integer", "description": "连续无故缺勤的上课日数"],
                        "lastAttended": .stringSchema("最后到校日期", format: "date"), "note": .stringSchema("说明")
                    ], required: ["idNumber", "term", "consecutiveDays", "lastAttended"]),
                response: .json(Outcome.self, .created)
            ) { request, call in
                let body = try await call.decode(Report.self, from: request)
                let term = try Term.parse(body.term)
                let id = try CitizenID(body.idNumber, today: call.clock.today())
                guard (1...200).contains(body.consecutiveDays) else {
                    throw Problem.invalid("consecutiveDays", "连续缺勤天数应为 1–200", "consecutiveDays must be 1 to 200")
                }
                let today = call.clock.today()
                guard body.lastAttended <= today else {
                    throw Problem.invalid("lastAttended", "最后到校日期不能在未来", "lastAttended cannot be in the future")
                }
                let outcome = try await call.transaction { connection in
                    let index = cases.context.children.keyring.current.blindIndex(id)
                    let students = StudentRepository(context: cases.context)
                    guard let enrolment = try await students.enrolment(index, term: term, connection) else {
                        throw Problem.invalid("idNumber", "该学生不在您学校本学期的学籍快照中", "the student is not in your schools' snapshot for this term")
                    }
                    let student = try await StudentReference(idNumber: body.idNumber, name: enrolment.name).resolve(
                        term: term, context: cases.context, connection)
                    let (school, district) = (enrolment.school, enrolment.district)
                    let (limit, source) = try await cases.context.policy.setting(
                        of: DropoutPolicy.absenceThreshold, in: district, on: today, on: connection)
                    let suspected = body.consecutiveDays > limit
                    let absence = try await AbsenceRepository(context: cases.context).record(
                        body, term: term, student: student, school: school, district: district, threshold: limit, source: source,
                        suspected: suspected, by: call.actor, connection)
                    var caseID: UUID?
                    if suspected {
                        do {
                            caseID = try await cases.open(
                                student, term: term, district: district, source: "absence",
                                note: "连续无故缺勤 \(body.consecutiveDays) 天 (阈值 \(limit))", by: call.actor, today: today, connection)
                        } catch let problem as Problem where problem.status == 409 {
                            caseID = problem.extensions["existing"].flatMap(UUID.init(uuidString:))
                        }
                    }
                    try await call.audit(
                        "absence.report", entity: "absence", entityID: String(absence), child: student.child, on: connection)
                    return Outcome(
                        absence: absence, suspected: suspected, threshold: limit, thresholdSource: source, caseID: caseID)
                }
                return try call.json(outcome, status: .created)
            }
        ]
    }
}
