import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/health-screening/chains/{id}…`: read a screening chain and record its next step, one route per link, each
/// under the permission of whoever records it (the birth hospital screens, the township or 妇幼 recalls, the designated
/// centre accepts, confirms and treats).
struct ChainEndpoints {
    let chains: ChainRepository

    static let chain = PathInput.uuid("id", .init(zh: "筛查链", en: "Screening chain"))

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/chains/{id}", summary: .init(zh: "查看筛查链及各环节", en: "A screening chain and its steps"),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.chain], response: .json(Chain.self)
            ) { _, call in
                let id = try call.input(Self.chain)
                return try call.json(try await call.transaction { try await view(id, call: call, on: $0) })
            },
            step(
                .consent, "consent", .init(zh: "登记知情同意 (签署或拒绝; 拒绝即结案)", en: "Record consent, signed or refused"),
                HealthScreeningPermissions.screeningRecord),
            step(
                .screen, "screens", .init(zh: "登记采血或初筛/复筛 (时间、机构)", en: "Record a blood-spot sample or a screen"),
                HealthScreeningPermissions.screeningRecord),
            step(.result, "results", .init(zh: "登记筛查结果", en: "Record a result"), HealthScreeningPermissions.screeningRecord),
            step(
                .recall, "recalls", .init(zh: "登记召回通知或监护人确认", en: "Record a recall notice or the guardian's acknowledgement"),
                HealthScreeningPermissions.recallRecord),
            step(
                .confirmation, "confirmations",
                .init(zh: "转诊确诊机构; 确诊机构接收/拒收并反馈", en: "Refer to a designated centre; its acceptance and feedback"),
                HealthScreeningPermissions.confirmationRecord),
            step(
                .treatment, "treatments", .init(zh: "登记治疗或干预开始", en: "Record the start of treatment or intervention"),
                HealthScreeningPermissions.confirmationRecord),
            step(
                .outcome, "outcome", .init(zh: "登记转归 (结案)", en: "Record the outcome, closing the chain"),
                HealthScreeningPermissions.confirmationRecord)
        ]
    }

    /// `POST /chains/{id}/<path>`: the next step of `link`, answered with the chain as it now stands.
    func step(_ link: Link, _ path: String, _ summary: Localized, _ permission: Permission) -> Endpoint {
        Endpoint(
            .post, "/chains/{id}/\(path)", summary: summary, access: .permission(permission),
            inputs: [Self.chain], request: StepRecord.schema(link), response: .json(Chain.self, .created)
        ) { request, call in
            let id = try call.input(Self.chain)
            let record = try await call.decode(StepRecord.self, from: request).validated(for: link, now: call.clock.now())
            let chain = try await call.transaction { connection in
                guard try await chains.record(link, record, chain: id, by: call.actor, on: connection) else {
                    throw Problem.notFound(.init(zh: "筛查链", en: "Screening chain"))
                }
                try await call.audit("chain.\(link.rawValue)", entity: "chain", entityID: id.uuidString, on: connection)
                return try await view(id, call: call, on: connection)
            }
            return try call.json(chain, status: .created)
        }
    }

    func view(_ id: UUID, call: Call, on connection: PostgresConnection) async throws -> Chain {
        guard let chain = try await chains.chain(id, withDetails: { call.mayReadDetails(of: $0, $1) }, on: connection) else {
            throw Problem.notFound(.init(zh: "筛查链", en: "Screening chain"))
        }
        return chain
    }
}

extension Call {
    /// Whether the caller receives laboratory values and diagnoses (PIPL 第28条) of a newborn followed in `district` or born in
    /// `birthDistrict`: only with `health-screening.diagnosis.read` there.
    func mayReadDetails(of district: DistrictCode, _ birthDistrict: DistrictCode) -> Bool {
        holds(HealthScreeningPermissions.diagnosisRead, in: district) || holds(HealthScreeningPermissions.diagnosisRead, in: birthDistrict)
    }
}
