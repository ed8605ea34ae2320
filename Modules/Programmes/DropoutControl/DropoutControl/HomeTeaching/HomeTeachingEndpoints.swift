import Contract
import Foundation
import Hummingbird

/// `/home-teaching/…` (送教上门 plans, visits, the monthly compliance list) and `/pairings` (一对一结对帮扶).
struct HomeTeachingEndpoints {
    let context: ProgrammeContext

    struct Created: Encodable { let id: UUID }

    var endpoints: [Endpoint] {
        let repository = HomeTeachingRepository(context: context)
        return [
            Endpoint(
                .post, "/home-teaching/plans", summary: .init(zh: "建立送教上门计划 (频次取政策参数)", en: "Create a home-teaching plan"),
                access: .permission(DropoutPermissions.teachingWrite),
                request: .objectSchema(
                    [
                        "student": CaseSchemas.student, "district": .districtCodeSchema, "school": .stringSchema("学籍所在学校"),
                        "startsOn": .stringSchema("开始日期", format: "date"), "endsOn": .stringSchema("结束日期", format: "date")
                    ],
                    required: ["student", "district", "school", "startsOn"]),
                response: .json(Created.self, .created)
            ) { request, call in
                let body = try await call.decode(HomeTeachingRepository.PlanRequest.self, from: request)
                let district = try Self.district(body.district, call: call)
                guard !body.school.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("school", "请填写学校", "school is required")
                }
                let id = try await call.transaction { connection in
                    let student = try await body.student.resolve(term: nil, context: context, connection)
                    let id = try await repository.create(body, student: student, district: district, by: call.actor, connection)
                    try await call.audit(
                        "teaching-plan.create", entity: "teaching-plan", entityID: id.uuidString, child: student.child, on: connection)
                    return id
                }
                return try call.json(Created(id: id), status: .created)
            },
            Endpoint(
                .post, "/home-teaching/plans/{id}/visits", summary: .init(zh: "登记一次送教上门", en: "Log a home-teaching visit"),
                access: .permission(DropoutPermissions.teachingWrite), inputs: [DropoutInputs.plan],
                request: .objectSchema(
                    [
                        "visitedOn": .stringSchema("日期", format: "date"), "teacher": .stringSchema("送教教师"),
                        "lessons": ["type": "integer", "description": "课时"], "content": .stringSchema("内容")
                    ],
                    required: ["visitedOn", "teacher", "lessons"]),
                response: .noContent
            ) { request, call in
                let plan = try call.input(DropoutInputs.plan)
                let visit = try await call.decode(HomeTeachingRepository.Visit.self, from: request)
                guard visit.visitedOn <= call.clock.today() else {
                    throw Problem.invalid("visitedOn", "日期不能在未来", "visitedOn cannot be in the future")
                }
                guard (1...12).contains(visit.lessons) else { throw Problem.invalid("lessons", "课时应为 1–12", "lessons must be 1 to 12") }
                guard !visit.teacher.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("teacher", "请填写送教教师", "teacher is required")
                }
                try await call.transaction { connection in
                    try await repository.record(visit, plan: plan, by: call.actor, connection)
                    try await call.audit("teaching-visit.record", entity: "teaching-plan", entityID: plan.uuidString, on: connection)
                }
                return Response(status: .noContent)
            },
            Endpoint(
                .get, "/home-teaching/compliance", summary: .init(zh: "某月未达送教频次的计划", en: "Plans below their frequency in a month"),
                access: .permission(DropoutPermissions.teachingRead), inputs: [DropoutInputs.district, DropoutInputs.month],
                response: .json([HomeTeachingRepository.Shortfall].self)
            ) { _, call in
                let district = try call.input(DropoutInputs.district)
                let month = try call.input(DropoutInputs.month) ?? Self.month(of: call.clock.today())
                let list = try await call.transaction { try await repository.shortfalls(district: district, month: month, $0) }
                return try call.json(list)
            },
            Endpoint(
                .post, "/pairings", summary: .init(zh: "一对一结对帮扶 (教师或志愿者)", en: "Pair a teacher or volunteer with a student"),
                access: .permission(DropoutPermissions.teachingWrite),
                request: .objectSchema(
                    [
                        "student": CaseSchemas.student, "district": .districtCodeSchema, "mentor": .stringSchema("结对人"),
                        "mentorKind": .stringSchema("teacher / volunteer"), "startsOn": .stringSchema("开始日期", format: "date"),
                        "focus": .stringSchema("帮扶重点")
                    ], required: ["student", "district", "mentor", "mentorKind", "startsOn"]),
                response: .json(Created.self, .created)
            ) { request, call in
                let body = try await call.decode(HomeTeachingRepository.PairingRequest.self, from: request)
                let district = try Self.district(body.district, call: call)
                let id = try await call.transaction { connection in
                    let student = try await body.student.resolve(term: nil, context: context, connection)
                    let id = try await repository.pair(body, student: student, district: district, by: call.actor, connection)
                    try await call.audit("pairing.create", entity: "pairing", entityID: id.uuidString, child: student.child, on: connection)
                    return id
                }
                return try call.json(Created(id: id), status: .created)
            }
        ]
    }

    static func district(_ text: String, call: Call) throws -> DistrictCode {
        let code = try BodyInput.district(text, "district")
        guard call.scope.contains(code) else { throw Problem.invalid("district", "区划不在您的管辖范围内", "district is outside your scope") }
        return code
    }

    /// The first day of `today`'s month (the month read when none is asked for).
    static func month(of today: CalendarDate) -> CalendarDate { today.adding(days: 1 - today.day) }
}
