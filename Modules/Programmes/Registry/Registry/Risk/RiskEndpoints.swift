import Contract
import Foundation
import Hummingbird

/// Risk colour changes and their supervisor confirmation.
struct RiskEndpoints {
    let files: FileRepository
    static let change = RegistryInputs.number(.init(zh: "颜色变更", en: "Risk change"))

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/children/{id}/risk", summary: .init(zh: "调整风险颜色 (升为最高色须督导员确认)", en: "Change the risk colour"),
                access: .permission(RegistryPermissions.riskSet), inputs: [RegistryInputs.child],
                request: .objectSchema(
                    [
                        "colour": ["type": "string", "enum": .array(RiskColour.allCases.map { .string($0.rawValue) })],
                        "reason": .stringSchema("理由")
                    ],
                    required: ["colour", "reason"]),
                response: .json(RiskChangeStatus.self, .ok, .accepted)
            ) { request, call in
                struct Change: Decodable {
                    let colour: String
                    let reason: String
                }
                let child = try call.input(RegistryInputs.child)
                let change = try await call.decode(Change.self, from: request)
                guard let colour = RiskColour(rawValue: change.colour) else {
                    throw Problem.invalid(
                        "colour", "颜色应为 \(RiskColour.allCases.map(\.rawValue).joined(separator: "/"))", "unknown colour \(change.colour)")
                }
                guard !change.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("reason", "必须注明理由", "a reason is required")
                }
                let pending = try await call.transaction { connection in
                    guard let facts = try await files.facts(child, connection) else { throw Problem.notFound(FileEndpoints.file) }
                    let scheme = try await files.scheme(for: facts.residence, on: call.clock.today(), connection)
                    let mayConfirm = call.holds(RegistryPermissions.riskConfirm, in: facts.residence)
                    let confirmed = colour != scheme.highest || mayConfirm
                    try await files.changeRisk(
                        child, to: colour, reason: change.reason, forced: false, by: call.actor, confirmed: confirmed,
                        today: call.clock.today(), connection)
                    try await call.audit("risk.change", entity: "file", entityID: child.uuidString, child: child, on: connection)
                    return !confirmed
                }
                return try call.json(RiskChangeStatus(status: pending ? "pending" : "effective"), status: pending ? .accepted : .ok)
            },
            Endpoint(
                .post, "/risk-changes/{id}/decision", summary: .init(zh: "督导员确认或驳回颜色变更", en: "Confirm or reject a colour change"),
                access: .permission(RegistryPermissions.riskConfirm),
                inputs: [Self.change],
                request: .objectSchema(["approve": ["type": "boolean"], "note": .stringSchema("意见")], required: ["approve"]),
                response: .noContent
            ) { request, call in
                struct Decision: Decodable {
                    let approve: Bool
                    let note: String?
                }
                let change = try call.input(Self.change)
                let decision = try await call.decode(Decision.self, from: request)
                try await call.transaction { connection in
                    let child = try await files.decide(
                        change: change, approve: decision.approve, note: decision.note, by: call.actor, today: call.clock.today(),
                        connection)
                    try await call.audit(
                        decision.approve ? "risk.confirm" : "risk.reject", entity: "risk-change", entityID: String(change), child: child,
                        on: connection)
                }
                return Response(status: .noContent)
            }
        ]
    }
}
