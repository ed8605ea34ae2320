import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// The core's own API under `/api/v1`: sign-in, the caller, the district tree, the children master index, audit.
struct CoreEndpoints {
    let sessions: Sessions

    static let child = Localized(zh: "儿童", en: "Child")
    static let district = Localized(zh: "区划", en: "District")

    func endpoints() -> [Endpoint] {
        [
            Endpoint(
                .post, "/auth/login", summary: .init(zh: "登录, 换取令牌", en: "Sign in for a bearer token"), access: .open,
                request: .objectSchema(
                    [
                        "username": .stringSchema("用户名"), "password": .stringSchema("密码"),
                        "code": .stringSchema("动态口令 (6 位) 或恢复码; 已绑定双因素的用户必填")
                    ], required: ["username", "password"]),
                response: .json(LoginResponse.self)
            ) { request, call in
                let credentials = try await call.decode(Credentials.self, from: request)
                do {
                    let issued = try await sessions.login(
                        username: credentials.username, password: credentials.password, code: credentials.code,
                        client: call.clientAddress)
                    let attribution = AuditLog.attribution(actor: credentials.username, request: call.requestID)
                    try await call.context.database.transaction(settings: attribution) { connection in
                        try await call.context.audit.record(
                            AuditEntry(
                                actor: credentials.username, action: "login", programme: "core", entity: "user",
                                entityID: issued.userID.uuidString, requestID: call.requestID, clientAddress: call.clientAddress),
                            on: connection)
                        if issued.recoveryCodesLeft != nil {
                            try await call.context.audit.record(
                                AuditEntry(
                                    actor: credentials.username, action: "second-factor.recovery-code", programme: "core",
                                    entity: "user", entityID: issued.userID.uuidString, requestID: call.requestID,
                                    clientAddress: call.clientAddress), on: connection)
                        }
                    }
                    return try call.json(
                        LoginResponse(
                            token: issued.token, expiresAt: issued.expiresAt,
                            secondFactorEnrolmentRequired: issued.enrolmentOnly ? true : nil, recoveryCodesLeft: issued.recoveryCodesLeft))
                } catch let throttled as LoginThrottled {
                    call.context.auditReads.append(
                        AuditEntry(
                            actor: credentials.username, action: "login", programme: "core", outcome: "throttled",
                            requestID: call.requestID, clientAddress: call.clientAddress))
                    var response = throttled.problem.response(language: call.language, instance: call.requestID)
                    response.headers[.retryAfter] = String(throttled.retryAfter)
                    return response
                } catch let problem as Problem {
                    call.context.auditReads.append(
                        AuditEntry(
                            actor: credentials.username, action: "login", programme: "core", outcome: "denied",
                            requestID: call.requestID, clientAddress: call.clientAddress))
                    throw problem
                }
            }
        ] + secondFactorEndpoints() + NoticeEndpoints().endpoints + scheduleEndpoints() + [
            Endpoint(
                .post, "/auth/logout", summary: .init(zh: "注销当前令牌", en: "Revoke the current token"), access: .signedIn,
                response: .noContent
            ) { _, call in
                if let token = call.bearerToken { try await sessions.logout(token) }
                return Response(status: .noContent)
            },
            Endpoint(
                .get, "/me", summary: .init(zh: "当前用户及其授权", en: "The caller and their grants"), access: .signedIn,
                response: .json(Principal.self)
            ) { _, call in
                guard let principal = call.principal else { throw Problem.unauthenticated }
                return try call.json(principal)
            },
            Endpoint(
                .get, "/districts/{code}", summary: .init(zh: "查看区划", en: "One district"), access: .signedIn, inputs: [Self.code],
                response: .json(District.self)
            ) { _, call in
                let code = try call.input(Self.code)
                guard let district = try await call.context.districts.find(code) else { throw Problem.notFound(Self.district) }
                return try call.json(district)
            },
            Endpoint(
                .get, "/districts/{code}/children", summary: .init(zh: "下级区划", en: "Sub-districts"), access: .signedIn,
                inputs: [Self.code], response: .json([District].self)
            ) { _, call in
                let code = try call.input(Self.code)
                guard try await call.context.districts.find(code) != nil else { throw Problem.notFound(Self.district) }
                return try call.json(try await call.context.districts.children(of: code))
            },
            Endpoint(
                .post, "/children", summary: .init(zh: "登记儿童 (主索引)", en: "Register a child in the master index"),
                access: .permission(CorePermissions.childRegister), request: Self.newChildSchema, response: .json(Child.self, .created)
            ) { request, call in
                let validated = try ChildRepository.validate(try await call.decode(NewChild.self, from: request), today: call.clock.today())
                if let refusal = call.scope.refusal(residence: validated.residence, hukou: validated.hukou) { throw refusal }
                let child = try await call.transaction { connection in
                    let child = try await call.context.children.register(validated, on: connection)
                    try await call.audit("child.register", entity: "child", entityID: child.id.uuidString, child: child.id, on: connection)
                    try await call.context.events.publish(
                        Self.childRegistered, ChildRegistered(child: child), child: child.id, district: child.residenceDistrict,
                        on: connection)
                    return child
                }
                return try call.json(child, status: .created)
            },
            Endpoint(
                .get, "/children/{id}", summary: .init(zh: "查看儿童 (主索引)", en: "A child in the master index"),
                access: .permission(CorePermissions.childRead), inputs: [Self.id], response: .json(Child.self)
            ) { _, call in
                let id = try call.input(Self.id)
                let found = try await call.context.children.find(id, scope: call.scope, actor: call.actor, on: call.context.database)
                return try await reply(call, found)
            },
            Endpoint(
                .post, "/children/lookup", summary: .init(zh: "按身份证号精确查找 (号码放在请求体中)", en: "Exact lookup by ID number (in the body)"),
                access: .permission(CorePermissions.childRead),
                request: .objectSchema(["idNumber": .stringSchema("身份证号")], required: ["idNumber"]), response: .json(Child.self)
            ) { request, call in
                let number = try CitizenID(try await call.decode(Lookup.self, from: request).idNumber, today: call.clock.today())
                return try await reply(call, try await call.transaction { try await call.context.children.lookup(number, on: $0) })
            },
            Endpoint(
                .get, "/audit", summary: .init(zh: "查询审计日志", en: "Query the audit trail"), access: .permission(CorePermissions.auditRead),
                inputs: [Audit.child, Audit.actor, Audit.from, Audit.to, Audit.limit], response: .json([AuditEntry].self)
            ) { _, call in
                let filter = AuditFilter(
                    child: try call.input(Audit.child), actor: try call.input(Audit.actor), from: try call.input(Audit.from),
                    to: try call.input(Audit.to), limit: try call.input(Audit.limit))
                let entries = try await call.transaction { try await call.context.audit.query(filter, on: $0) }
                return try call.json(entries)
            }
        ]
    }

    /// A child's entry, its ID number unmasked only for a holder of `core.child.reveal` in the child's residence or
    /// household-registration district; the read (and any unmasked view, separately) is audited.
    private func reply(_ call: Call, _ found: Child?) async throws -> Response {
        guard let child = found else { throw Problem.notFound(Self.child) }
        call.auditRead("child.read", entity: "child", entityID: child.id.uuidString, child: child.id)
        let shown = await call.reveal(
            CorePermissions.childReveal, in: [child.residenceDistrict, child.hukouDistrict], audit: "child.reveal", entity: "child",
            entityID: child.id.uuidString, child: child.id
        ) { () -> Child? in
            let unmasked = call.context.children.unmasked(child)
            return unmasked.idNumber == nil ? nil : unmasked
        }
        return try call.json(shown ?? child)
    }

    struct Credentials: Decodable {
        let username: String
        let password: String
        let code: String?
    }
    struct LoginResponse: Encodable {
        let token: String
        let expiresAt: Date
        let secondFactorEnrolmentRequired: Bool?
        let recoveryCodesLeft: Int?
    }
    struct Lookup: Decodable { let idNumber: String }

    /// Published when a child enters the master index.
    static let childRegistered = EventTopic<ChildRegistered>("core.child.registered")

    /// `core.child.registered` — the payload other programmes receive; carries no ID number.
    struct ChildRegistered: Codable, Sendable {
        let id: UUID
        let residenceDistrict: DistrictCode
        let hukouDistrict: DistrictCode
        let birthDate: CalendarDate
        init(child: Child) {
            id = child.id
            residenceDistrict = child.residenceDistrict
            hukouDistrict = child.hukouDistrict
            birthDate = child.birthDate
        }
    }

    static let newChildSchema = JSONValue.objectSchema(
        [
            "idNumber": .stringSchema("18 位公民身份号码 (或 15 位旧号)"), "name": .stringSchema("姓名"),
            "residenceDistrict": .districtCodeSchema, "hukouDistrict": .districtCodeSchema,
            "sex": .stringSchema("M 或 F, 可省略; 须与身份证号一致")
        ], required: ["idNumber", "name", "residenceDistrict", "hukouDistrict"])
}
