import Contract
import Foundation
import Hummingbird

/// `/api/v1/registry/children/{id}/visits` and supervisor review of visits.
struct VisitEndpoints {
    let files: FileRepository
    static let visit = PathInput.uuid("id", .init(zh: "走访记录", en: "Visit"))

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/children/{id}/visits", summary: .init(zh: "记录走访 (按风险颜色计算下次走访日期)", en: "Record a home visit"),
                access: .permission(RegistryPermissions.visitRecord), inputs: [RegistryInputs.child], request: RegistrySchemas.visit,
                response: .json(FileRepository.RecordedVisit.self, .created)
            ) { request, call in
                let child = try call.input(RegistryInputs.child)
                let visit = try await call.decode(VisitRequest.self, from: request)
                return try call.json(try await record(visit, child: child, call: call), status: .created)
            },
            Endpoint(
                .post, "/visits/{id}/review", summary: .init(zh: "督导员审阅走访记录", en: "Supervisor review of a visit"),
                access: .permission(RegistryPermissions.visitReview), inputs: [Self.visit],
                request: .objectSchema(["note": .stringSchema("督导意见")], required: ["note"]), response: .noContent
            ) { request, call in
                struct Review: Decodable { let note: String }
                let visit = try call.input(Self.visit)
                let note = try await call.decode(Review.self, from: request).note
                guard !note.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("note", "请填写督导意见", "a review note is required")
                }
                try await call.transaction { connection in
                    let child = try await files.review(visit: visit, note: note, by: call.actor, connection)
                    try await call.audit("visit.review", entity: "visit", entityID: visit.uuidString, child: child, on: connection)
                }
                return Response(status: .noContent)
            }
        ]
    }

    /// Records a visit (checked, colour and next due date computed, audited `visit.record`): the API's route and the
    /// console's visit form.
    func record(_ visit: VisitRequest, child: UUID, call: Call) async throws -> FileRepository.RecordedVisit {
        let today = call.clock.today()
        try visit.validate(today: today)
        let role = call.principal?.grants.first { $0.role.hasPrefix("registry.") }?.role ?? "registry"
        return try await call.transaction { connection in
            let recorded = try await files.record(visit, child: child, visitor: call.actor, role: role, today: today, connection)
            try await call.audit("visit.record", entity: "visit", entityID: recorded.id.uuidString, child: child, on: connection)
            return recorded
        }
    }
}
