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
                response: Self.loginSchema
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
        ] + secondFactorEndpoints() + [
            Endpoint(.post, "/auth/logout", summary: .init(zh: "注销当前令牌", en: "Revoke the current token"), access: .signedIn) { _, call in
                if let token = call.bearerToken { try await sessions.logout(token) }
                return Response(status: .noContent)
            },
            Endpoint(.get, "/me", summary: .init(zh: "当前用户及其授权", en: "The caller and their grants"), access: .signedIn) { _, call in
                try call.json(call.principal)
            },
            Endpoint(.get, "/districts/{code}", summary: .init(zh: "查看区划", en: "One district"), access: .signedIn) { _, call in
                let code = try districtParameter(call)
                guard let district = try await call.context.districts.find(code) else { throw Problem.notFound(Self.district) }
                return try call.json(district)
            },
            Endpoint(.get, "/districts/{code}/children", summary: .init(zh: "下级区划", en: "Sub-districts"), access: .signedIn) { _, call in
                let code = try districtParameter(call)
                guard try await call.context.districts.find(code) != nil else { throw Problem.notFound(Self.district) }
                return try call.json(try await call.context.districts.children(of: code))
            },
            Endpoint(
                .post, "/children", summary: .init(zh: "登记儿童 (主索引)", en: "Register a child in the master index"),
                access: .permission(CorePermissions.childRegister), request: Self.newChildSchema, response: Self.childSchema
            ) { request, call in
                let validated = try ChildRepository.validate(try await call.decode(NewChild.self, from: request))
                if let refusal = call.scope.refusal(residence: validated.residence, hukou: validated.hukou) { throw refusal }
                let child = try await call.transaction { connection in
                    let child = try await call.context.children.register(validated, on: connection)
                    try await call.audit("child.register", entity: "child", entityID: child.id.uuidString, child: child.id, on: connection)
                    try await call.context.events.publish(
                        "core.child.registered", ChildRegistered(child: child), child: child.id, district: child.residenceDistrict,
                        on: connection)
                    return child
                }
                return try call.json(child, status: .created)
            },
            Endpoint(
                .get, "/children/{id}", summary: .init(zh: "查看儿童 (主索引)", en: "A child in the master index"),
                access: .permission(CorePermissions.childRead), response: Self.childSchema
            ) { _, call in
                let id = try call.uuidParameter("id", what: Self.child)
                let wantsReveal =
                    call.principal.map { !$0.scope(for: CorePermissions.childReveal, in: call.context.roles).isEmpty } ?? false
                let found = try await call.context.children.find(
                    id, reveal: wantsReveal, scope: call.scope, actor: call.actor, on: call.context.database)
                return try reply(call, found)
            },
            Endpoint(
                .post, "/children/lookup", summary: .init(zh: "按身份证号精确查找 (号码放在请求体中)", en: "Exact lookup by ID number (in the body)"),
                access: .permission(CorePermissions.childRead),
                request: .objectSchema(["idNumber": .stringSchema("身份证号")], required: ["idNumber"]), response: Self.childSchema
            ) { request, call in
                let number = try CitizenID(try await call.decode(Lookup.self, from: request).idNumber)
                return try await reply(call) { connection, reveal in
                    try await call.context.children.lookup(number, reveal: reveal, on: connection)
                }
            },
            Endpoint(
                .get, "/audit", summary: .init(zh: "查询审计日志", en: "Query the audit trail"), access: .permission(CorePermissions.auditRead),
                query: ["child", "actor", "from", "to", "limit"]
            ) { request, call in
                let filter = try auditFilter(request)
                let entries = try await call.transaction { try await call.context.audit.query(filter, on: $0) }
                return try call.json(entries)
            }
        ]
    }

    /// A child's file, masked unless the caller holds `core.child.reveal` for the child's district; the read (and
    /// any unmasked view, separately) is audited.
    private func reply(_ call: Call, _ fetch: @escaping @Sendable (PostgresConnection, Bool) async throws -> Child?) async throws
        -> Response
    {
        let wantsReveal = call.principal.map { !$0.scope(for: CorePermissions.childReveal, in: call.context.roles).isEmpty } ?? false
        return try reply(call, try await call.transaction { try await fetch($0, wantsReveal) })
    }

    private func reply(_ call: Call, _ found: Child?) throws -> Response {
        guard var child = found else { throw Problem.notFound(Self.child) }
        call.auditRead("child.read", entity: "child", entityID: child.id.uuidString, child: child.id)
        if child.idNumber != nil {
            if call.holds(CorePermissions.childReveal, in: child.residenceDistrict)
                || call.holds(CorePermissions.childReveal, in: child.hukouDistrict)
            {
                call.auditRead("child.reveal", entity: "child", entityID: child.id.uuidString, child: child.id)
            } else {
                child.idNumber = nil
            }
        }
        return try call.json(child)
    }

    private func districtParameter(_ call: Call) throws -> DistrictCode {
        guard let code = DistrictCode(try call.parameter("code")) else {
            throw Problem.invalid("code", "区划代码应为 12 位统计用区划代码", "code must be a 12-digit district code")
        }
        return code
    }

    private func auditFilter(_ request: Request) throws -> AuditFilter {
        let query = request.uri.queryParameters
        func date(_ name: String) throws -> Date? {
            guard let text = query.get(name) else { return nil }
            if let day = CalendarDate(text) {
                return ISO8601DateFormatter().date(from: "\(day)T00:00:00+08:00")
            }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw Problem.invalid(name, "\(name) 应为日期 yyyy-MM-dd 或 ISO 8601 时间", "\(name) must be yyyy-MM-dd or an ISO 8601 time")
            }
            return date
        }
        var filter = AuditFilter(actor: query.get("actor"), from: try date("from"), to: try date("to"))
        if let child = query.get("child") {
            guard let id = UUID(uuidString: child) else { throw Problem.invalid("child", "child 应为儿童编号 (UUID)", "child must be a UUID") }
            filter.child = id
        }
        if let limit = query.get("limit") {
            guard let value = Int(limit), (1...5_000).contains(value) else {
                throw Problem.invalid("limit", "limit 应为 1 到 5000", "limit must be 1...5000")
            }
            filter.limit = value
        }
        return filter
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

    static let childSchema = JSONValue.objectSchema([
        "id": .stringSchema("儿童编号", format: "uuid"), "idNumberMasked": .stringSchema("脱敏身份证号"),
        "idNumber": .stringSchema("身份证号明文, 仅对有 core.child.reveal 权限者返回"), "name": .stringSchema("姓名"),
        "sex": .stringSchema("M/F"), "birthDate": .stringSchema("出生日期", format: "date"),
        "residenceDistrict": .districtCodeSchema, "hukouDistrict": .districtCodeSchema
    ])
}
