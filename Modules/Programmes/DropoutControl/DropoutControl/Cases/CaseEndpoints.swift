import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/dropout-control/cases…` — open, verify, log persuasion attempts, report in writing, record legal
/// measures, close by 动态销号; read a case.
struct CaseEndpoints {
    let cases: CaseRepository

    struct OpenRequest: Decodable {
        let student: StudentReference
        let term: String
        /// Responsible district; defaults to the school's district, else the child's residence.
        let district: String?
        let note: String?
    }
    struct VerifyRequest: Decodable {
        let verifiedOn: CalendarDate?
        let note: String?
    }
    struct ReportRequest: Decodable {
        let reportedOn: CalendarDate?
        let content: String?
        let recipients: [String]?
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/cases", summary: .init(zh: "建立疑似辍学个案 (从台账的儿童或按身份证号)", en: "Open a suspected-dropout case"),
                access: .permission(DropoutPermissions.caseWrite), request: CaseSchemas.open, response: .json(DropoutCase.self, .created)
            ) { request, call in
                let body = try await call.decode(OpenRequest.self, from: request)
                let term = try Term.parse(body.term)
                let district = try body.district.map { try BodyInput.district($0, "district") }
                let today = call.clock.today()
                let id = try await call.transaction { connection in
                    let student = try await body.student.resolve(term: term, context: cases.context, connection)
                    guard let responsible = district ?? student.schoolDistrict ?? student.residence else {
                        throw Problem.invalid("district", "该学生既无学籍也不在关注名单中, 请填写负责区划", "district is required for this student")
                    }
                    guard call.scope.contains(responsible) else {
                        throw Problem.invalid("district", "负责区划不在您的管辖范围内", "district is outside your scope")
                    }
                    let id = try await cases.open(
                        student, term: term, district: responsible, source: body.student.child == nil ? "manual" : "comparison",
                        note: body.note, by: call.actor, today: today, connection)
                    try await call.audit("case.open", entity: "case", entityID: id.uuidString, child: student.child, on: connection)
                    return id
                }
                return try await view(id, call: call, status: .created)
            },
            Endpoint(
                .get, "/cases/{id}", summary: .init(zh: "查看个案 (劝返记录、书面报告、依法督促、历史)", en: "A case"),
                access: .permission(DropoutPermissions.caseRead), inputs: [DropoutInputs.caseID], response: .json(DropoutCase.self)
            ) { _, call in
                try await view(try call.input(DropoutInputs.caseID), call: call)
            },
            change(
                "/cases/{id}/verify", .init(zh: "核实为辍学: 开始劝返 (通知民政)", en: "Verify as a dropout"), DropoutPermissions.caseWrite,
                CaseSchemas.verify, VerifyRequest.self
            ) { id, body, call, connection in
                try await cases.verify(
                    id, on: try Self.notFuture(body.verifiedOn, "verifiedOn", today: call.clock.today()), note: body.note, by: call.actor,
                    connection)
            },
            change(
                "/cases/{id}/attempts", .init(zh: "登记一次劝返 (谁、何时、方式、结果); 结果为 returned 即复学", en: "Log a persuasion attempt"),
                DropoutPermissions.caseWrite, CaseSchemas.attempt, PersuasionAttempt.self
            ) { id, attempt, call, connection in
                try await Self.attempt(cases, id, attempt, call: call, connection)
            },
            change(
                "/cases/{id}/reports", .init(zh: "登记书面报告 (报县教育局和乡镇政府, 内容与日期)", en: "Record the written report"),
                DropoutPermissions.caseEscalate, CaseSchemas.report, ReportRequest.self
            ) { id, body, call, connection in
                try await Self.report(cases, id, body, call: call, connection)
            },
            change(
                "/cases/{id}/legal-measures", .init(zh: "登记依法督促措施", en: "Record a legal measure"), DropoutPermissions.caseEscalate,
                CaseSchemas.legal, LegalMeasure.self
            ) { id, measure, call, connection in
                guard !measure.measure.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("measure", "请填写措施", "measure is required")
                }
                _ = try Self.notFuture(measure.takenOn, "takenOn", today: call.clock.today())
                try await cases.legal(id, measure, by: call.actor, connection)
            },
            change(
                "/cases/{id}/close", .init(zh: "动态销号 (必须注明理由与证明材料)", en: "Close by 动态销号, with reason and evidence"),
                DropoutPermissions.caseEscalate, CaseSchemas.close, Closure.self
            ) { id, closure, call, connection in
                try await cases.close(id, closure, today: call.clock.today(), by: call.actor, connection)
            }
        ]
    }

    /// A POST that changes the case in one audited transaction and answers with the case.
    func change<Body: Decodable & Sendable>(
        _ path: String, _ summary: Localized, _ permission: Permission, _ schema: JSONValue, _ type: Body.Type,
        _ apply: @escaping @Sendable (UUID, Body, Call, PostgresConnection) async throws -> Void
    ) -> Endpoint {
        let action = "case." + (path.split(separator: "/").last.map(String.init) ?? "change")
        return Endpoint(
            .post, path, summary: summary, access: .permission(permission), inputs: [DropoutInputs.caseID], request: schema,
            response: .json(DropoutCase.self)
        ) { request, call in
            let id = try call.input(DropoutInputs.caseID)
            let body = try await call.decode(Body.self, from: request)
            try await call.transaction { connection in
                try await apply(id, body, call, connection)
                try await call.audit(action, entity: "case", entityID: id.uuidString, on: connection)
            }
            return try await view(id, call: call)
        }
    }

    func view(_ id: UUID, call: Call, status: HTTPResponse.Status = .ok) async throws -> Response {
        try call.json(try await Self.read(cases, id, call: call), status: status)
    }

    /// The case as the caller may see it (404 outside their scope), an audited read.
    static func read(_ cases: CaseRepository, _ id: UUID, call: Call) async throws -> DropoutCase {
        let today = call.clock.today()
        guard let found = try await call.transaction({ try await cases.view(id, today: today, $0) }) else {
            throw Problem.notFound(CaseRepository.what)
        }
        call.auditRead("case.read", entity: "case", entityID: id.uuidString, child: found.child)
        return found
    }

    /// Logs a persuasion attempt (劝返): the people who went are required, the date not in the future.
    static func attempt(_ cases: CaseRepository, _ id: UUID, _ attempt: PersuasionAttempt, call: Call, _ connection: PostgresConnection)
        async throws
    {
        guard !attempt.by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem.invalid("by", "请填写劝返人员", "by is required")
        }
        _ = try notFuture(attempt.attemptedOn, "attemptedOn", today: call.clock.today())
        try await cases.attempt(id, attempt, by: call.actor, connection)
    }

    /// Records the written report (书面报告): its content is required, its date today unless given, not in the future.
    static func report(_ cases: CaseRepository, _ id: UUID, _ body: ReportRequest, call: Call, _ connection: PostgresConnection)
        async throws
    {
        guard let content = body.content?.trimmingCharacters(in: .whitespacesAndNewlines), !content.isEmpty else {
            throw Problem.invalid("content", "请填写书面报告内容", "content is required")
        }
        let report = WrittenReport(
            reportedOn: try notFuture(body.reportedOn, "reportedOn", today: call.clock.today()),
            recipients: body.recipients ?? ["县教育局", "乡镇政府"], content: content)
        try await cases.report(id, report, by: call.actor, connection)
    }

    static func notFuture(_ date: CalendarDate?, _ field: String, today: CalendarDate) throws -> CalendarDate {
        guard let date else { return today }
        guard date <= today else { throw Problem.invalid(field, "\(field) 不能在未来", "\(field) cannot be in the future") }
        return date
    }
}
