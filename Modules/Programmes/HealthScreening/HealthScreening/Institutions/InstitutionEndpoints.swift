import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/health-screening/institutions…`: the institutions of the caller's scope with the designated centres of
/// everywhere, a manager recording one in their scope, and the staff who belong to it.
struct InstitutionEndpoints {
    let institutions: InstitutionRepository

    static let institution = PathInput.uuid("id", .init(zh: "机构", en: "Institution"))
    static let district = QueryInput.district("district", "本辖区内的区划 (含下级); 不填为可见的全部").optional
    static let kind = QueryInput<Institution.Kind>.enumeration("kind", "机构类别").optional

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/institutions",
                summary: .init(zh: "医疗卫生机构 (本辖区的机构与各地指定的筛查、诊断机构)", en: "Institutions in scope and the designated centres"),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.district, Self.kind],
                response: .json([Institution].self)
            ) { _, call in
                let district = try call.input(Self.district)
                let kind = try call.input(Self.kind)
                return try call.json(try await call.transaction { try await institutions.institutions(in: district, kind: kind, on: $0) })
            },
            Endpoint(
                .post, "/institutions", summary: .init(zh: "登记机构 (本辖区)", en: "Record an institution in one's scope"),
                access: .permission(HealthScreeningPermissions.institutionManage), request: InstitutionRequest.schema,
                response: .json(Institution.self, .created)
            ) { request, call in
                let body = try await call.decode(InstitutionRequest.self, from: request)
                let title = try NewbornRegistration.bounded(body.title, "title", 100)
                let district = try call.requireInScope(
                    try await BodyInput.districtInForce(body.district, "district", institutions.context).code)
                let created = try await call.transaction { connection in
                    let created = try await institutions.create(title, kind: body.kind, district: district, by: call.actor, on: connection)
                    try await call.audit("institution.create", entity: "institution", entityID: created.id.uuidString, on: connection)
                    return created
                }
                return try call.json(created, status: .created)
            },
            Endpoint(
                .get, "/institutions/{id}/staff", summary: .init(zh: "机构人员", en: "An institution's staff"),
                access: .permission(HealthScreeningPermissions.institutionManage), inputs: [Self.institution],
                response: .json([InstitutionStaff].self)
            ) { _, call in
                let id = try call.input(Self.institution)
                return try call.json(
                    try await call.transaction { connection in
                        _ = try await inScope(id, call: call, on: connection)
                        return try await institutions.staff(of: id, on: connection)
                    })
            },
            Endpoint(
                .post, "/institutions/{id}/staff", summary: .init(zh: "将用户加入机构人员", en: "Add a user to an institution's staff"),
                access: .permission(HealthScreeningPermissions.institutionManage), inputs: [Self.institution],
                request: InstitutionStaff.Request.schema, response: .json(InstitutionStaff.self, .created)
            ) { request, call in
                let id = try call.input(Self.institution)
                let body = try await call.decode(InstitutionStaff.Request.self, from: request)
                let username = try NewbornRegistration.bounded(body.username, "username", 100)
                let added = try await call.transaction { connection in
                    _ = try await inScope(id, call: call, on: connection)
                    let added = try await institutions.addStaff(username, to: id, by: call.actor, on: connection)
                    try await call.audit("institution.staff.add", entity: "institution", entityID: id.uuidString, on: connection)
                    return added
                }
                return try call.json(added, status: .created)
            }
        ]
    }

    /// The institution when it lies in the caller's scope; a 404 otherwise, as if it did not exist.
    func inScope(_ id: UUID, call: Call, on connection: PostgresConnection) async throws -> Institution {
        guard let institution = try await institutions.institution(id, on: connection) else {
            throw Problem.notFound(.init(zh: "机构", en: "Institution"))
        }
        _ = try call.requireInScope(institution.district)
        return institution
    }
}
