import Contract
import Foundation
import Hummingbird

/// The forms that create a home-teaching plan (送教上门计划) and record a legal measure (依法督促) on a case, with the API's
/// checks (`POST /home-teaching/plans`, `POST /cases/{id}/legal-measures`), scope and audit.
extension DropoutPages {
    static let planTitle = Localized(zh: "新建送教上门计划", en: "New home-teaching plan")
    static let legalTitle = Localized(zh: "依法督促", en: "Legal measure")

    static let idNumber = QueryInput.text("idNumber", "学生身份证号", maxLength: 18)
    static let name = QueryInput.text("name", "姓名 (不在本学期学籍快照中时必填)", maxLength: 100).optional
    static let planDistrict = QueryInput.text("district", "负责区划 (12 位区划代码)", maxLength: 12)
    static let school = QueryInput.text("school", "学籍所在学校", maxLength: 200)
    static let startsOn = QueryInput.date("startsOn", "开始日期")
    static let endsOn = QueryInput.date("endsOn", "结束日期").optional
    static let measure = QueryInput.text("measure", "措施 (如: 责令限期改正, 提请司法机关督促)", maxLength: 2_000)
    static let takenOn = QueryInput.date("takenOn", "采取日期").optional

    var formPages: [Page] {
        let cases = CaseRepository(context: context)
        let plans = HomeTeachingRepository(context: context)
        let writeTeaching = Endpoint.Access.permission(DropoutPermissions.teachingWrite)
        let escalate = Endpoint.Access.permission(DropoutPermissions.caseEscalate)
        return [
            Page(.get, "/home-teaching/plans", title: Self.planTitle, access: writeTeaching) { _, page in
                .content(planForm(page, district: try ownDistrict(page, DropoutPermissions.teachingWrite)))
            },
            Page(
                .post, "/home-teaching/plans", title: Self.planTitle, access: writeTeaching,
                inputs: [Self.idNumber, Self.name, Self.planDistrict, Self.school, Self.startsOn, Self.endsOn]
            ) { _, page in
                let call = page.call
                let request = HomeTeachingRepository.PlanRequest(
                    student: StudentReference(child: nil, idNumber: try call.input(Self.idNumber), name: try call.input(Self.name)),
                    district: try call.input(Self.planDistrict), school: try call.input(Self.school),
                    startsOn: try call.input(Self.startsOn),
                    endsOn: try call.input(Self.endsOn))
                let district = try HomeTeachingEndpoints.district(request.district, call: call)
                guard !request.school.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("school", "请填写学校", "school is required")
                }
                if let ends = request.endsOn, ends < request.startsOn {
                    throw Problem.invalid("endsOn", "结束日期不能早于开始日期", "endsOn cannot be before startsOn")
                }
                try await call.transaction { connection in
                    let student = try await request.student.resolve(term: nil, context: context, connection)
                    let id = try await plans.create(request, student: student, district: district, by: call.actor, connection)
                    try await call.audit(
                        "teaching-plan.create", entity: "teaching-plan", entityID: id.uuidString, child: student.child, on: connection)
                }
                let month = HomeTeachingEndpoints.month(of: max(request.startsOn, call.clock.today()))
                return .redirect(Self.prefix + "/home-teaching?district=\(district)&month=\(month.description.prefix(7))")
            },
            Page(
                .get, "/cases/{id}/legal-measures", title: Self.legalTitle, access: escalate, inputs: [DropoutInputs.caseID]
            ) { _, page in
                let found = try await CaseEndpoints.read(cases, try page.call.input(DropoutInputs.caseID), call: page.call)
                return .content(legalForm(page, found))
            },
            Page(
                .post, "/cases/{id}/legal-measures", title: Self.legalTitle, access: escalate,
                inputs: [DropoutInputs.caseID, Self.measure, Self.takenOn, Self.note]
            ) { _, page in
                let id = try page.call.input(DropoutInputs.caseID)
                let text = try page.call.input(Self.measure)
                guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("measure", "请填写措施", "measure is required")
                }
                let taken = try CaseEndpoints.notFuture(try page.call.input(Self.takenOn), "takenOn", today: page.call.clock.today())
                let measure = LegalMeasure(measure: text, takenOn: taken, note: try page.call.input(Self.note))
                try await page.call.transaction { connection in
                    try await cases.legal(id, measure, by: page.call.actor, connection)
                    try await page.call.audit("case.legal-measures", entity: "case", entityID: id.uuidString, on: connection)
                }
                return .redirect(Self.prefix + "/cases/\(id)")
            }
        ]
    }

    func planForm(_ page: PageCall, district: DistrictCode) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            HTML.element("p", ["class": "muted"]) {
                page.text(
                    .init(
                        zh: "为不能到校的重度残疾学生建立送教上门计划; 送教频次取当地政策参数。",
                        en: "A home-teaching plan for a student who cannot attend school; its frequency comes from the local policy."))
            }
            refusal(page, besides: ["idNumber", "name", "district", "school", "startsOn", "endsOn"])
            page.form(post: Self.prefix + "/home-teaching/plans") {
                page.field("idNumber", label: .init(zh: "学生身份证号", en: "Student's ID number"), required: true)
                page.field("name", label: .init(zh: "姓名 (不在学籍快照中时必填)", en: "Name (if not in the enrolment snapshot)"))
                page.field(
                    "district", label: .init(zh: "负责区划代码", en: "Responsible district code"), value: district.description, required: true)
                page.field("school", label: .init(zh: "学籍所在学校", en: "School of enrolment"), required: true)
                page.field(
                    "startsOn", label: .init(zh: "开始日期", en: "Starts on"), type: "date", value: page.call.clock.today().description,
                    required: true)
                page.field("endsOn", label: .init(zh: "结束日期 (可不填)", en: "Ends on (optional)"), type: "date")
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "建立计划", en: "Create the plan")) }
            }
        }
    }

    func legalForm(_ page: PageCall, _ found: DropoutCase) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            HTML.element("p") {
                HTML.link(to: Self.prefix + "/cases/\(found.id)") { found.name }
                " · " + page.text(DropoutLabels.state(found.state))
            }
            refusal(page, besides: ["measure", "takenOn", "note"])
            page.form(post: Self.prefix + "/cases/\(found.id)/legal-measures") {
                page.field(
                    "measure", label: .init(zh: "措施 (如: 责令限期改正、提请司法机关督促)", en: "Measure (e.g. an order to comply by a date)"),
                    required: true)
                page.field("takenOn", label: .init(zh: "采取日期", en: "Taken on"), type: "date", value: page.call.clock.today().description)
                page.field("note", label: .init(zh: "备注", en: "Note"))
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "登记依法督促", en: "Record the measure")) }
            }
        }
    }

    /// A refusal naming none of the form's `fields` (the case's state), shown above the form.
    func refusal(_ page: PageCall, besides fields: Set<String>) -> HTML {
        guard let problem = page.problem, let field = problem.field, !fields.contains(field) else { return .empty }
        return HTML.element("p", ["class": "banner", "role": "alert"]) { page.text(problem.detail) }
    }
}
