import Contract
import Foundation
import Hummingbird
import RegistryInterface

/// `/api/v1/registry/children…` — open, read, list and search files; parent statuses; staff-set categories;
/// exit reviews.
struct FileEndpoints {
    let files: FileRepository
    static let file = Localized(zh: "儿童档案", en: "Child file")
    static let review = RegistryInputs.number(.init(zh: "审核", en: "Review"))

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/children", summary: .init(zh: "建档 (身份证号新则同时登记到儿童主索引)", en: "Open a child's file"),
                access: .permission(RegistryPermissions.childWrite), request: RegistrySchemas.openFile,
                response: .json(ChildFileView.self, .created)
            ) { request, call in
                let body = try await call.decode(OpenFileRequest.self, from: request)
                try body.details.validate()
                let child = try ChildRepository.validate(
                    NewChild(
                        idNumber: body.idNumber, name: body.name, residenceDistrict: body.residenceDistrict,
                        hukouDistrict: body.hukouDistrict), today: call.clock.today())
                if let refusal = call.scope.refusal(residence: child.residence, hukou: child.hukou) { throw refusal }
                let today = call.clock.today()
                let id = try await call.transaction { connection in
                    let id = try await files.open(body, child: child, by: call.actor, today: today, connection)
                    try await call.audit("file.open", entity: "file", entityID: id.uuidString, child: id, on: connection)
                    return id
                }
                return try await view(id, call: call, status: .created)
            },
            Endpoint(
                .get, "/children/{id}", summary: .init(zh: "查看儿童档案", en: "A child's file"),
                access: .permission(RegistryPermissions.childRead), inputs: [RegistryInputs.child], response: .json(ChildFileView.self)
            ) { _, call in
                try await view(try call.input(RegistryInputs.child), call: call)
            },
            Endpoint(
                .get, "/children", summary: .init(zh: "儿童名册 (按区划、类别、颜色、逾期、年龄、姓名筛选; 键集分页)", en: "Roster, filtered and keyset-paginated"),
                access: .permission(RegistryPermissions.childRead),
                inputs: [RosterQuery.district] + RosterQuery.filters + [QueryInput.after, RegistryInputs.limit],
                response: .json(RosterPage.self)
            ) { _, call in
                let (filter, page) = try await RosterQuery.page(call, files)
                return try call.json(RosterPage(children: page, next: page.count == filter.limit ? page.last?.id : nil))
            },
            Endpoint(
                .patch, "/children/{id}", summary: .init(zh: "补充或更正档案 (只改传入的字段; 空字符串清除; 重新认定类别)", en: "Complete or correct a file"),
                access: .permission(RegistryPermissions.childWrite), inputs: [RegistryInputs.child], request: RegistrySchemas.fileUpdate,
                response: .json(ChildFileView.self)
            ) { request, call in
                let id = try call.input(RegistryInputs.child)
                let update = try await call.decode(FileUpdate.self, from: request)
                try update.details.validate()
                let today = call.clock.today()
                try await call.transaction { connection in
                    try await files.update(id, with: update, by: call.actor, today: today, connection)
                    try await call.audit("file.update", entity: "file", entityID: id.uuidString, child: id, on: connection)
                }
                return try await view(id, call: call)
            },
            Endpoint(
                .post, "/children/search", summary: .init(zh: "按身份证号精确查找档案 (号码放在请求体中)", en: "Find a file by ID number (in the body)"),
                access: .permission(RegistryPermissions.childRead),
                request: .objectSchema(["idNumber": .stringSchema("身份证号")], required: ["idNumber"]), response: .json(ChildFileView.self)
            ) { request, call in
                struct Search: Decodable { let idNumber: String }
                let number = try CitizenID(try await call.decode(Search.self, from: request).idNumber, today: call.clock.today())
                let found = try await call.transaction { try await call.context.children.lookup(number, on: $0) }
                guard let found else { throw Problem.notFound(Self.file) }
                return try await view(found.id, call: call)
            },
            Endpoint(
                .post, "/children/{id}/parents", summary: .init(zh: "登记父母状况 (重新认定类别, 不再符合的进入应退未退审核)", en: "Record a parent status"),
                access: .permission(RegistryPermissions.childWrite), inputs: [RegistryInputs.child], request: RegistrySchemas.parentStatus,
                response: .json(ChildFileView.self)
            ) { request, call in
                let id = try call.input(RegistryInputs.child)
                let status = try await call.decode(ParentStatus.self, from: request)
                let today = call.clock.today()
                guard status.since <= today else { throw Problem.invalid("since", "起始日期不能在未来", "since cannot be in the future") }
                try await call.transaction { connection in
                    guard try await files.facts(id, connection) != nil else { throw Problem.notFound(Self.file) }
                    try await files.addParentStatus(status, child: id, by: call.actor, connection)
                    try await files.rederive(id, by: call.actor, today: today, connection)
                    try await call.audit("parent-status.add", entity: "file", entityID: id.uuidString, child: id, on: connection)
                }
                return try await view(id, call: call)
            },
            Endpoint(
                .post, "/children/{id}/categories", summary: .init(zh: "人工认定类别 (须注明理由)", en: "Assign a category by hand, with a reason"),
                access: .permission(RegistryPermissions.childWrite), inputs: [RegistryInputs.child], response: .json(ChildFileView.self)
            ) { request, call in
                let id = try call.input(RegistryInputs.child)
                let manual = try await call.decode(ManualCategory.self, from: request)
                guard !manual.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("reason", "必须注明理由", "a reason is required")
                }
                let today = call.clock.today()
                try await call.transaction { connection in
                    guard let facts = try await files.facts(id, connection) else { throw Problem.notFound(Self.file) }
                    try await files.checkAssignable(manual.category, in: facts.residence, on: today, connection)
                    try await files.assign(manual, child: id, by: call.actor, today: today, connection)
                    try await call.audit("category.assign", entity: "file", entityID: id.uuidString, child: id, on: connection)
                }
                return try await view(id, call: call)
            },
            Endpoint(
                .get, "/categories", summary: .init(zh: "可用的儿童类别 (全国类别与本地增设类别)", en: "Categories in use in a district"),
                access: .permission(RegistryPermissions.childRead), inputs: [RegistryInputs.vocabularyDistrict],
                response: .json(CategoryChoices.self)
            ) { _, call in
                let district = try call.input(RegistryInputs.vocabularyDistrict)
                let list = try await call.transaction { try await files.assignable(in: district, on: call.clock.today(), $0) }
                return try call.json(
                    CategoryChoices(
                        categories: list.map {
                            .init(
                                category: $0.category.rawValue, name: $0.name, derivedFromFacts: ChildCategory.derived.contains($0.category)
                            )
                        }))
            },
            Endpoint(
                .post, "/exit-reviews/{id}/resolve", summary: .init(zh: "处理应退未退: 退出 (结束类别) 或保留 (须注明理由)", en: "Resolve an exit review"),
                access: .permission(RegistryPermissions.childWrite), inputs: [Self.review], response: .json(ChildFileView.self)
            ) { request, call in
                let review = try call.input(Self.review)
                let decision = try await call.decode(ExitDecision.self, from: request)
                let child = try await call.transaction { connection in
                    let child = try await files.resolve(review: review, decision, by: call.actor, today: call.clock.today(), connection)
                    try await call.audit(
                        "exit-review.resolve", entity: "exit-review", entityID: String(review), child: child, on: connection)
                    return child
                }
                return try await view(child, call: call)
            }
        ]
    }

    /// The file, with ID and phone numbers unmasked only for holders of `registry.pii.read` in the child's residence or
    /// household-registration district; the read is audited, and every unmasked view separately.
    func view(_ id: UUID, call: Call, status: HTTPResponse.Status = .ok) async throws -> Response {
        let today = call.clock.today()
        guard let sealed = try await call.transaction({ try await files.view(id, today: today, $0) }) else {
            throw Problem.notFound(Self.file)
        }
        call.auditRead("file.read", entity: "file", entityID: id.uuidString, child: id)
        let shown = await call.reveal(
            RegistryPermissions.piiRead, in: [sealed.file.residenceDistrict, sealed.file.hukouDistrict], audit: "pii.reveal",
            entity: "file", entityID: id.uuidString, child: id
        ) { files.unmasked(sealed) }
        return try call.json(shown ?? sealed.file, status: status)
    }
}

struct RosterPage: Encodable {
    let children: [RosterEntry]
    /// Pass as `after` for the next page; absent on the last page.
    let next: UUID?
}

struct ExitDecision: Decodable {
    /// `exited` ends the category; `kept` keeps it (with the reason why the child still qualifies).
    let resolution: String
    let reason: String?
}
