import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/health-screening/newborns…` and `/children/{id}/newborn`: register a newborn (its chains open with it), list
/// and read newborns, find a mother's newborns, link a newborn to the core children index.
struct NewbornEndpoints {
    let newborns: NewbornRepository

    static let newborn = PathInput.uuid("id", .init(zh: "新生儿", en: "Newborn"))
    static let child = PathInput.uuid("id", .init(zh: "儿童", en: "Child"))
    static let district = QueryInput.district()
    static let limit = QueryInput.integer("limit", "每页条数", in: 1...500, default: 100)

    /// A page of newborns in id order; `next` is the cursor (`after`) of the following page.
    struct Page: Codable, Sendable, DocumentedBody {
        let newborns: [Newborn]
        let next: UUID?

        static var examples: [Page] {
            get throws {
                [
                    Page(newborns: try Newborn.examples, next: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4")),
                    Page(newborns: [], next: nil)
                ]
            }
        }
    }

    /// The mother's ID number whose newborns are sought (in the body, never in a URL that logs keep).
    struct Search: Decodable, Sendable {
        let motherIdNumber: String
        static let schema = JSONValue.objectSchema(["motherIdNumber": .stringSchema("母亲身份证号")], required: ["motherIdNumber"])
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/newborns", summary: .init(zh: "登记新生儿 (按母亲身份证号), 同时建立各病种筛查链", en: "Register a newborn and open its chains"),
                access: .permission(HealthScreeningPermissions.newbornRegister), request: NewbornRegistration.schema,
                response: .json(NewbornFile.self, .created)
            ) { request, call in
                let registration = try await call.decode(NewbornRegistration.self, from: request).validated(now: call.clock.now())
                guard call.scope.contains(registration.district) || call.scope.contains(registration.birthDistrict) else {
                    throw Problem.notFound(.init(zh: "区划", en: "District"))
                }
                for (code, field) in [(registration.district, "district"), (registration.birthDistrict, "birthDistrict")] {
                    _ = try await BodyInput.districtInForce(code.description, field, newborns.context)
                }
                let registered = try await call.transaction { connection in
                    let added = try await newborns.context.policy.value(
                        of: HealthScreeningPolicy.addedConditions, in: registration.district, on: CalendarDate.today(registration.bornAt),
                        on: connection)
                    let id = try await newborns.register(
                        registration, conditions: Condition.inForce(adding: added), by: call.actor, on: connection)
                    try await call.audit("newborn.register", entity: "newborn", entityID: id.uuidString, on: connection)
                    return try await file(id, call: call, on: connection)
                }
                return try call.json(registered, status: .created)
            },
            Endpoint(
                .get, "/newborns", summary: .init(zh: "新生儿名单 (随访或出生在该区划)", en: "Newborns followed or born in a district"),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.district, QueryInput.after, Self.limit],
                response: .json(Page.self)
            ) { _, call in
                let district = try call.input(Self.district)
                let after = try call.input(QueryInput.after)
                let limit = try call.input(Self.limit)
                let page = try await call.transaction {
                    try await newborns.newborns(in: district, after: after, limit: limit, on: $0)
                }
                return try call.json(Page(newborns: page, next: page.count == limit ? page.last?.id : nil))
            },
            Endpoint(
                .get, "/newborns/{id}", summary: .init(zh: "新生儿档案: 记录、各病种筛查链、关联尝试", en: "A newborn's file"),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.newborn], response: .json(NewbornFile.self)
            ) { _, call in
                let id = try call.input(Self.newborn)
                return try call.json(try await call.transaction { try await file(id, call: call, on: $0) })
            },
            Endpoint(
                .post, "/newborns/search", summary: .init(zh: "按母亲身份证号查找新生儿", en: "A mother's newborns"),
                access: .permission(HealthScreeningPermissions.newbornRead), request: Search.schema, response: .json([Newborn].self)
            ) { request, call in
                let search = try await call.decode(Search.self, from: request)
                let mother = try NewbornRegistration.mother(search.motherIdNumber, today: call.clock.today())
                let found = try await call.transaction { try await newborns.newborns(ofMother: mother, on: $0) }
                guard !found.isEmpty else { throw Problem.notFound(.init(zh: "该母亲的新生儿", en: "A newborn of this mother")) }
                return try call.json(found)
            },
            Endpoint(
                .post, "/newborns/{id}/link",
                summary: .init(zh: "按儿童本人身份证号关联儿童档案 (匹配/未匹配/存疑, 不静默合并)", en: "Link a newborn to the core children index"),
                access: .permission(HealthScreeningPermissions.newbornLink), inputs: [Self.newborn], request: LinkRequest.schema,
                response: .json(LinkAttempt.self)
            ) { request, call in
                let id = try call.input(Self.newborn)
                let body = try await call.decode(LinkRequest.self, from: request)
                let idNumber = try CitizenID(body.idNumber, today: call.clock.today())
                let attempt = try await call.transaction { connection in
                    guard let newborn = try await newborns.newborn(id, on: connection) else {
                        throw Problem.notFound(.init(zh: "新生儿", en: "Newborn"))
                    }
                    let attempt = try await newborns.link(
                        newborn, idNumber: idNumber, confirm: body.confirm ?? false, by: call.actor, on: connection)
                    try await call.audit("newborn.link", entity: "newborn", entityID: id.uuidString, child: attempt.child, on: connection)
                    return attempt
                }
                return try call.json(attempt)
            },
            Endpoint(
                .get, "/children/{id}/newborn", summary: .init(zh: "儿童的新生儿档案与筛查史 (关联后随儿童)", en: "A child's newborn file"),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.child], response: .json(NewbornFile.self)
            ) { _, call in
                let child = try call.input(Self.child)
                let linked = try await call.transaction { connection in
                    guard let newborn = try await newborns.newborn(linkedTo: child, on: connection) else {
                        throw Problem.notFound(.init(zh: "该儿童的新生儿档案", en: "The child's newborn file"))
                    }
                    return try await file(newborn.id, call: call, on: connection)
                }
                return try call.json(linked)
            }
        ]
    }

    /// The newborn's file as the caller may see it: step details only with `health-screening.diagnosis.read`; the read audited.
    func file(_ id: UUID, call: Call, on connection: PostgresConnection) async throws -> NewbornFile {
        guard let newborn = try await newborns.newborn(id, on: connection) else { throw Problem.notFound(.init(zh: "新生儿", en: "Newborn")) }
        call.auditRead("newborn.read", entity: "newborn", entityID: id.uuidString, child: newborn.child)
        return try await newborns.file(of: newborn, withDetails: { call.mayReadDetails(of: $0, $1) }, on: connection)
    }
}
