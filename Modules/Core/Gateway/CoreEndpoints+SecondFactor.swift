import Contract
import Foundation
import Hummingbird

/// 绑定动态口令 — enrolling a TOTP second factor: the API a console walks a privileged user through after a sign-in
/// that answered `secondFactorEnrolmentRequired` (the token serves only these routes, `/me` and logout until then).
extension CoreEndpoints {
    func secondFactorEndpoints() -> [Endpoint] {
        [
            Endpoint(
                .post, "/auth/second-factor/enrol",
                summary: .init(zh: "开始绑定动态口令: 返回密钥与 otpauth 链接 (可做成二维码)", en: "Start enrolling a TOTP second factor"),
                access: .signedIn,
                response: .json(Enrolment.self)
            ) { _, call in
                let caller = try Self.caller(call)
                let enrolment = try await call.transaction { connection in
                    let enrolment = try await sessions.enrolSecondFactor(caller, on: connection)
                    try await call.audit("second-factor.enrol", entity: "user", entityID: caller.userID.uuidString, on: connection)
                    return enrolment
                }
                return try call.json(enrolment)
            },
            Endpoint(
                .post, "/auth/second-factor/confirm",
                summary: .init(
                    zh: "以一个动态口令确认绑定: 返回 10 个恢复码 (仅此一次), 当前令牌成为完整令牌",
                    en: "Confirm the enrolment with a code: 10 recovery codes, shown once; the token becomes a full one"),
                access: .signedIn, request: .objectSchema(["code": .stringSchema("验证器应用显示的 6 位动态口令")], required: ["code"]),
                response: .json(RecoveryCodes.self)
            ) { request, call in
                let caller = try Self.caller(call)
                let code = try await call.decode(Confirmation.self, from: request).code
                guard let token = call.bearerToken else { throw Problem.unauthenticated }
                let codes = try await call.transaction { connection in
                    let codes = try await sessions.confirmSecondFactor(caller, code: code, token: token, on: connection)
                    try await call.audit("second-factor.confirm", entity: "user", entityID: caller.userID.uuidString, on: connection)
                    return codes
                }
                return try call.json(RecoveryCodes(recoveryCodes: codes))
            }
        ]
    }

    private static func caller(_ call: Call) throws -> Principal {
        guard let principal = call.principal else { throw Problem.unauthenticated }
        return principal
    }

    struct Confirmation: Decodable { let code: String }
}
