import Contract
import Foundation
import Hummingbird

/// `/api/v1/registry/children/{id}/agreements` and `/agreements/{id}/end` — entrusted-care agreements; the
/// indicators count the signing rate among left-behind children.
struct AgreementEndpoints {
    let files: FileRepository
    static let agreement = Localized(zh: "委托照护协议", en: "Care agreement")
    static let id = RegistryInputs.number(agreement)

    var endpoints: [Endpoint] {
        let agreements = AgreementRepository(context: files.context)
        return [
            Endpoint(
                .post, "/children/{id}/agreements", summary: .init(zh: "登记委托照护协议", en: "Record an entrusted-care agreement"),
                access: .permission(RegistryPermissions.childWrite), inputs: [RegistryInputs.child],
                request: .objectSchema(
                    [
                        "carerName": .stringSchema("受托人姓名"), "relationship": .stringSchema("与儿童关系"),
                        "starts": .stringSchema("开始日期", format: "date"), "ends": .stringSchema("结束日期", format: "date"),
                        "signedOn": .stringSchema("签订日期", format: "date"), "weeklyContact": ["type": "boolean", "description": "父母每周联系义务"]
                    ],
                    required: ["carerName", "relationship", "starts", "signedOn"]),
                response: .json(ChildFileView.self, .created)
            ) { request, call in
                let child = try call.input(RegistryInputs.child)
                let agreement = try await call.decode(CareAgreement.self, from: request)
                try agreement.validate(today: call.clock.today())
                try await call.transaction { connection in
                    guard try await files.facts(child, connection) != nil else { throw Problem.notFound(FileEndpoints.file) }
                    let id = try await agreements.record(agreement, child: child, by: call.actor, connection)
                    try await call.audit("agreement.record", entity: "care-agreement", entityID: String(id), child: child, on: connection)
                }
                return try await FileEndpoints(files: files).view(child, call: call, status: .created)
            },
            Endpoint(
                .post, "/agreements/{id}/end", summary: .init(zh: "结束委托照护协议", en: "End a care agreement"),
                access: .permission(RegistryPermissions.childWrite), inputs: [Self.id],
                request: .objectSchema(["ends": .stringSchema("结束日期", format: "date")], required: ["ends"]),
                response: .json(ChildFileView.self)
            ) { request, call in
                struct Ending: Decodable { let ends: CalendarDate }
                let id = try call.input(Self.id)
                let ends = try await call.decode(Ending.self, from: request).ends
                let child = try await call.transaction { connection in
                    let child = try await agreements.end(id, on: ends, connection)
                    try await call.audit("agreement.end", entity: "care-agreement", entityID: String(id), child: child, on: connection)
                    return child
                }
                return try await FileEndpoints(files: files).view(child, call: call)
            }
        ]
    }
}
