import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/health-screening/referrals…` and `/children/{id}/referrals`: refer a child up the disability screening ladder,
/// the receiving institution's acceptance or rejection and its result, a child's referrals.
struct ReferralEndpoints {
    let referrals: ReferralRepository

    static let referral = PathInput.uuid("id", .init(zh: "转介", en: "Referral"))
    static let child = PathInput.uuid("id", .init(zh: "儿童", en: "Child"))

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/referrals", summary: .init(zh: "残疾筛查转介 (复筛、诊断评估、康复救助申请)", en: "Refer a child up the disability screening ladder"),
                access: .permission(HealthScreeningPermissions.disabilityRefer), request: ReferralRequest.schema,
                response: .json(Referral.self, .created)
            ) { request, call in
                let body = try await call.decode(ReferralRequest.self, from: request)
                let finding = try body.finding.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }.map {
                    try NewbornRegistration.bounded($0, "finding", 2000)
                }
                let referral = try await call.transaction { connection in
                    guard let child = try await referrals.context.children.find(body.child, on: connection) else {
                        throw Problem.notFound(.init(zh: "儿童", en: "Child"))
                    }
                    let (institution, toDistrict) = try await receiver(body, on: connection)
                    let id = try await referrals.refer(
                        body, toDistrict: toDistrict, institution: institution.name, record: institution.id, finding: finding,
                        district: child.residenceDistrict,
                        by: call.actor, on: connection)
                    try await call.audit("referral.refer", entity: "referral", entityID: id.uuidString, child: child.id, on: connection)
                    return try await view(id, call: call, on: connection)
                }
                return try call.json(referral, status: .created)
            },
            Endpoint(
                .get, "/referrals/{id}", summary: .init(zh: "查看转介", en: "A referral"),
                access: .permission(HealthScreeningPermissions.disabilityRead),
                inputs: [Self.referral], response: .json(Referral.self)
            ) { _, call in
                let id = try call.input(Self.referral)
                return try call.json(try await call.transaction { try await view(id, call: call, on: $0) })
            },
            Endpoint(
                .post, "/referrals/{id}/decision", summary: .init(zh: "接收机构接收或拒收转介 (拒收须说明原因)", en: "Accept or reject a referral"),
                access: .permission(HealthScreeningPermissions.disabilityDecide), inputs: [Self.referral], request: ReferralAnswer.decision,
                response: .json(Referral.self)
            ) { request, call in
                let id = try call.input(Self.referral)
                let body = try await call.decode(ReferralAnswer.self, from: request)
                guard let state = body.state, ["accepted", "rejected"].contains(state) else {
                    throw Problem.invalid("state", "状态应为 accepted 或 rejected", "state must be accepted or rejected")
                }
                let reason = try body.reason.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }.map {
                    try NewbornRegistration.bounded($0, "reason", 500)
                }
                if state == "rejected", reason == nil { throw Problem.invalid("reason", "拒收须填写原因", "reason is required to reject") }
                return try call.json(
                    try await call.transaction { connection in
                        guard try await referrals.decide(id, accepted: state == "accepted", reason: reason, by: call.actor, on: connection)
                        else {
                            throw Problem.notFound(.init(zh: "转介", en: "Referral"))
                        }
                        try await call.audit("referral.\(state)", entity: "referral", entityID: id.uuidString, on: connection)
                        return try await view(id, call: call, on: connection)
                    })
            },
            Endpoint(
                .post, "/referrals/{id}/result", summary: .init(zh: "接收机构反馈结果 (诊断评估阳性即发布儿童状态)", en: "The receiving institution's result"),
                access: .permission(HealthScreeningPermissions.disabilityDecide), inputs: [Self.referral], request: ReferralAnswer.outcome,
                response: .json(Referral.self)
            ) { request, call in
                let id = try call.input(Self.referral)
                let body = try await call.decode(ReferralAnswer.self, from: request)
                guard let result = body.result else { throw Problem.invalid("result", "请填写结果", "result is required") }
                let finding = try body.finding.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }.map {
                    try NewbornRegistration.bounded($0, "finding", 2000)
                }
                return try call.json(
                    try await call.transaction { connection in
                        guard try await referrals.complete(id, result: result, finding: finding, on: connection) else {
                            throw Problem.notFound(.init(zh: "转介", en: "Referral"))
                        }
                        try await call.audit("referral.result", entity: "referral", entityID: id.uuidString, on: connection)
                        return try await view(id, call: call, on: connection)
                    })
            },
            Endpoint(
                .get, "/children/{id}/referrals", summary: .init(zh: "儿童的残疾筛查转介", en: "A child's disability screening referrals"),
                access: .permission(HealthScreeningPermissions.disabilityRead), inputs: [Self.child], response: .json([Referral].self)
            ) { _, call in
                let child = try call.input(Self.child)
                return try call.json(
                    try await call.transaction {
                        try await referrals.referrals(of: child, withDetails: { call.mayReadDetails(of: $0, $1) }, on: $0)
                    })
            }
        ]
    }

    /// The receiving institution's name, record and district: from its record when the body names one (422 on
    /// `institution` when there is none), else from `toInstitution` and `toDistrict`.
    func receiver(_ body: ReferralRequest, on connection: PostgresConnection) async throws -> (
        institution: (name: String, id: UUID?), district: DistrictCode
    ) {
        if let id = body.institution {
            guard let record = try await InstitutionRepository(context: referrals.context).institution(id, on: connection) else {
                throw Problem.invalid("institution", "接收机构不存在或不可见", "no such institution")
            }
            return ((record.title, record.id), record.district)
        }
        guard let name = body.toInstitution else { throw Problem.invalid("toInstitution", "请填写接收机构", "toInstitution is required") }
        guard let district = body.toDistrict else { throw Problem.invalid("toDistrict", "请填写接收机构的区划", "toDistrict is required") }
        let code = try await BodyInput.districtInForce(district, "toDistrict", referrals.context).code
        return ((try NewbornRegistration.bounded(name, "toInstitution", 100), nil), code)
    }

    func view(_ id: UUID, call: Call, on connection: PostgresConnection) async throws -> Referral {
        guard let referral = try await referrals.referral(id, withDetails: { call.mayReadDetails(of: $0, $1) }, on: connection) else {
            throw Problem.notFound(.init(zh: "转介", en: "Referral"))
        }
        return referral
    }
}
