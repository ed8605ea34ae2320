import Contract
import Foundation
import Hummingbird

/// `/api/v1/registry/workers…` and `/workforce/coverage` — the ledger of child directors and supervisors.
struct WorkforceEndpoints {
    let workforce: WorkforceRepository
    static let worker = Localized(zh: "工作人员", en: "Worker")

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/workers", summary: .init(zh: "登记儿童主任 (村) 或儿童督导员 (乡镇) 的任职", en: "Record an appointment"),
                access: .permission(RegistryPermissions.workforceManage),
                request: .objectSchema(
                    [
                        "district": .districtCodeSchema, "role": .stringSchema("director (儿童主任, 村级) 或 supervisor (督导员, 乡镇级)"),
                        "name": .stringSchema("实名"), "phone": .stringSchema("电话"), "appointedOn": .stringSchema("任职日期", format: "date")
                    ],
                    required: ["district", "role", "name", "appointedOn"]),
                response: .json(Worker.self, .created)
            ) { request, call in
                let appointment = try await call.decode(Appointment.self, from: request)
                let district = try await BodyInput.districtInForce(appointment.district, "district", call.context)
                guard district.level == appointment.role.level else {
                    throw Problem.invalid(
                        "district", appointment.role == .director ? "儿童主任应登记在村 (居) 一级" : "儿童督导员应登记在乡镇 (街道) 一级",
                        appointment.role == .director ? "a director is appointed to a village" : "a supervisor is appointed to a township")
                }
                _ = try BodyInput.text(appointment.name, "name")
                let phone = try PhoneNumber.parse(appointment.phone, field: "phone")
                guard appointment.appointedOn <= call.clock.today() else {
                    throw Problem.invalid("appointedOn", "任职日期不能在未来", "appointedOn cannot be in the future")
                }
                let worker = try await call.transaction { connection in
                    let worker = try await workforce.appoint(appointment, phone: phone, in: district.code, by: call.actor, connection)
                    try await call.audit("worker.appoint", entity: "worker", entityID: String(worker.id), on: connection)
                    return worker
                }
                return try call.json(worker, status: .created)
            },
            Endpoint(
                .get, "/workers", summary: .init(zh: "工作队伍台账 (默认在职; all=true 含已离任)", en: "The workforce ledger"),
                access: .permission(RegistryPermissions.childRead), inputs: [RegistryInputs.district, Self.role, Self.all],
                response: .json(WorkerList.self)
            ) { _, call in
                let district = try call.input(RegistryInputs.district)
                let role = try call.input(Self.role)
                let all = try call.input(Self.all)
                let workers = try await call.transaction(narrowedTo: district) {
                    try await workforce.list(in: district, role: role, includeEnded: all, today: call.clock.today(), $0)
                }
                return try call.json(WorkerList(workers: workers))
            },
            Endpoint(
                .get, "/workers/{id}", summary: .init(zh: "一名工作人员 (持 registry.pii.read 者见电话全号, 记入审计)", en: "One worker"),
                access: .permission(RegistryPermissions.childRead), inputs: [Self.id], response: .json(Worker.self)
            ) { _, call in
                let id = try call.input(Self.id)
                let worker = try await call.transaction { connection -> Worker in
                    guard var worker = try await workforce.find(id, connection) else { throw Problem.notFound(Self.worker) }
                    if worker.phoneMasked != nil, call.holds(RegistryPermissions.piiRead, in: worker.district) {
                        worker.phone = try await workforce.phone(of: id, connection)
                    }
                    return worker
                }
                if worker.phone != nil { call.auditRead("pii.reveal", entity: "worker", entityID: String(id), child: nil) }
                return try call.json(worker)
            },
            Endpoint(
                .post, "/workers/{id}/end", summary: .init(zh: "登记离任", en: "End an appointment"),
                access: .permission(RegistryPermissions.workforceManage), inputs: [Self.id],
                request: .objectSchema(
                    ["endedOn": .stringSchema("离任日期", format: "date"), "reason": .stringSchema("原因")], required: ["endedOn", "reason"]),
                response: .json(Worker.self)
            ) { request, call in
                struct Ending: Decodable {
                    let endedOn: CalendarDate
                    let reason: String
                }
                let id = try call.input(Self.id)
                let ending = try await call.decode(Ending.self, from: request)
                let reason = try BodyInput.text(ending.reason, "reason")
                let worker = try await call.transaction { connection in
                    let worker = try await workforce.end(id, on: ending.endedOn, reason: reason, connection)
                    try await call.audit("worker.end", entity: "worker", entityID: String(id), on: connection)
                    return worker
                }
                return try call.json(worker)
            },
            Endpoint(
                .post, "/workers/{id}/trainings", summary: .init(zh: "登记培训", en: "Record a training"),
                access: .permission(RegistryPermissions.workforceManage), inputs: [Self.id],
                request: .objectSchema(
                    [
                        "heldOn": .stringSchema("培训日期", format: "date"), "title": .stringSchema("培训名称"),
                        "hours": ["type": "number", "description": "学时"], "provider": .stringSchema("举办单位")
                    ],
                    required: ["heldOn", "title", "hours"]),
                response: .json(Worker.self, .created)
            ) { request, call in
                let id = try call.input(Self.id)
                let training = try await call.decode(Training.self, from: request)
                _ = try BodyInput.text(training.title, "title")
                guard training.hours > 0, training.hours < 1_000 else {
                    throw Problem.invalid("hours", "学时应为大于 0 的数", "hours must be positive")
                }
                guard training.heldOn <= call.clock.today() else {
                    throw Problem.invalid("heldOn", "培训日期不能在未来", "heldOn cannot be in the future")
                }
                let worker = try await call.transaction { connection in
                    let worker = try await workforce.addTraining(training, to: id, by: call.actor, connection)
                    try await call.audit("worker.training", entity: "worker", entityID: String(id), on: connection)
                    return worker
                }
                return try call.json(worker, status: .created)
            },
            Endpoint(
                .get, "/workforce/coverage", summary: .init(zh: "儿童主任与督导员覆盖率", en: "Child-director and supervisor coverage"),
                access: .permission(RegistryPermissions.indicatorRead), inputs: [RegistryInputs.district],
                response: .json(WorkforceCoverage.self)
            ) { _, call in
                let district = try call.input(RegistryInputs.district)
                let coverage = try await call.transaction(narrowedTo: district) {
                    try await workforce.coverage(in: district, today: call.clock.today(), $0)
                }
                return try call.json(coverage)
            }
        ]
    }

    static let id = RegistryInputs.number(worker)
    static let role = QueryInput<Worker.Role>.choice(
        "role", "director 儿童主任 / supervisor 儿童督导员", [("director", .director), ("supervisor", .supervisor)]
    )
    .optional
    static let all = QueryInput.boolean("all", "含已离任", default: false)
}
