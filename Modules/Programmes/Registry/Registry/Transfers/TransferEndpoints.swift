import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/registry/…transfers…` — propose a transfer from the child's file; the receiving district lists its
/// incoming transfers and accepts or rejects them; the sender may withdraw one still open.
struct TransferEndpoints {
    let transfers: TransferRepository
    static let transfer = Localized(zh: "转移", en: "Transfer")

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/children/{id}/transfers", summary: .init(zh: "提出转移 (接收地接收前仍由转出地负责)", en: "Propose a transfer to another district"),
                access: .permission(RegistryPermissions.childWrite), inputs: [RegistryInputs.child],
                request: .objectSchema(
                    ["toDistrict": .districtCodeSchema, "reason": .stringSchema("转移原因 (如随父母迁居)")], required: ["toDistrict", "reason"]),
                response: .json(Transfer.self, .created)
            ) { request, call in
                let child = try call.input(RegistryInputs.child)
                let proposal = try await call.decode(TransferProposal.self, from: request)
                let destination = try await BodyInput.districtInForce(proposal.toDistrict, "toDistrict", call.context).code
                let reason = try BodyInput.text(proposal.reason, "reason")
                let transfer = try await call.transaction { connection in
                    let transfer = try await transfers.propose(child, to: destination, reason: reason, by: call.actor, connection)
                    try await call.audit(
                        "transfer.propose", entity: "transfer", entityID: String(transfer.id), child: child, on: connection)
                    return transfer
                }
                return try call.json(transfer, status: .created)
            },
            Endpoint(
                .get, "/transfers",
                summary: .init(
                    zh: "转入或转出名单 (direction=incoming|outgoing; status 默认 proposed, all 为全部)", en: "Incoming or outgoing transfers"),
                access: .permission(RegistryPermissions.childRead),
                inputs: [Self.direction, Self.status, Self.district, Self.before, RegistryInputs.limit], response: .json(TransferList.self)
            ) { _, call in
                let incoming = try call.input(Self.direction)
                let status = try call.input(Self.status)
                let district = try call.input(Self.district)
                let before = try call.input(Self.before).map(Int64.init)
                let limit = try call.input(RegistryInputs.limit)
                let list = try await call.transaction(narrowedTo: district) {
                    try await transfers.list(incoming: incoming, status: status, before: before, limit: limit, $0)
                }
                return try call.json(TransferList(transfers: list))
            },
            Endpoint(
                .post, "/transfers/{id}/accept", summary: .init(zh: "接收转移 (档案转入本地, 由本地负责)", en: "Accept a transfer"),
                access: .permission(RegistryPermissions.childWrite), inputs: [Self.id],
                request: .objectSchema(["note": .stringSchema("备注")]), response: .json(ChildFileView.self)
            ) { request, call in
                let id = try call.input(Self.id)
                let note = try await Self.note(request, call)
                let today = call.clock.today()
                let child = try await call.transaction { connection in
                    let transfer = try await Self.open(id, receiving: true, call: call, connection)
                    try await transfers.accept(transfer, note: note, by: call.actor, today: today, connection)
                    try await call.audit("transfer.accept", entity: "transfer", entityID: String(id), child: transfer.child, on: connection)
                    return transfer.child
                }
                return try await FileEndpoints(files: FileRepository(context: call.context)).view(child, call: call)
            },
            Endpoint(
                .post, "/transfers/{id}/reject", summary: .init(zh: "拒绝转移 (须注明理由; 仍由转出地负责)", en: "Reject a transfer, with a reason"),
                access: .permission(RegistryPermissions.childWrite), inputs: [Self.id],
                request: .objectSchema(["note": .stringSchema("理由")], required: ["note"]), response: .json(Transfer.self)
            ) { request, call in
                try await decide(request, call, receiving: true, as: .rejected)
            },
            Endpoint(
                .post, "/transfers/{id}/withdraw", summary: .init(zh: "撤回尚未接收的转移", en: "Withdraw a transfer not yet accepted"),
                access: .permission(RegistryPermissions.childWrite), inputs: [Self.id],
                request: .objectSchema(["note": .stringSchema("备注")]),
                response: .json(Transfer.self)
            ) { request, call in
                try await decide(request, call, receiving: false, as: .withdrawn)
            }
        ]
    }

    /// Rejects (receiver, reason required) or withdraws (sender) an open transfer.
    func decide(_ request: Request, _ call: Call, receiving: Bool, as status: Transfer.Status) async throws -> Response {
        let id = try call.input(Self.id)
        let note = try await Self.note(request, call)
        if receiving { _ = try BodyInput.text(note ?? "", "note") }
        let transfer = try await call.transaction { connection in
            let transfer = try await Self.open(id, receiving: receiving, call: call, connection)
            try await transfers.close(transfer, as: status, note: note, by: call.actor, connection)
            try await call.audit(
                "transfer.\(status.rawValue)", entity: "transfer", entityID: String(id), child: transfer.child, on: connection)
            guard let closed = try await transfers.find(id, connection) else { throw MissingRow(what: "transfer \(id)") }
            return closed
        }
        return try call.json(transfer)
    }

    /// The transfer if it is still open and the caller is on the side that may act: the receiver accepts or
    /// rejects, the sender withdraws.
    static func open(_ id: Int64, receiving: Bool, call: Call, _ connection: PostgresConnection) async throws -> Transfer {
        guard let transfer = try await TransferRepository(context: call.context).find(id, connection) else {
            throw Problem.notFound(Self.transfer)
        }
        guard transfer.status == .proposed else {
            throw Problem.stateConflict("该转移已\(transfer.status.chinese)", "the transfer was already \(transfer.status.rawValue)")
        }
        let side = receiving ? transfer.toDistrict : transfer.fromDistrict
        guard call.holds(RegistryPermissions.childWrite, in: side) else {
            throw Problem(
                kind: "forbidden", status: 403, title: .init(zh: "无权操作", en: "Forbidden"),
                detail: receiving
                    ? .init(zh: "只有转入地 (\(side)) 可以接收或拒绝", en: "only the receiving district (\(side)) may accept or reject")
                    : .init(zh: "只有转出地 (\(side)) 可以撤回", en: "only the sending district (\(side)) may withdraw"))
        }
        return transfer
    }

    static let id = RegistryInputs.number(transfer)

    /// The `note` of a decision (`{}` when there is none).
    static func note(_ request: Request, _ call: Call) async throws -> String? {
        struct Decision: Decodable { let note: String? }
        return try await call.decode(Decision.self, from: request).note
    }

    /// The `status` filter: open proposals by default, `all` for every status.
    static let status = QueryInput<Transfer.Status?>.choice(
        "status", "转移状态; all 为全部",
        [("proposed", .proposed), ("accepted", .accepted), ("rejected", .rejected), ("withdrawn", .withdrawn), ("all", nil)],
        default: "proposed")
    /// `incoming` (true, the default) or `outgoing`.
    static let direction = QueryInput<Bool>.choice("direction", "转入或转出", [("incoming", true), ("outgoing", false)], default: "incoming")
    static let district = QueryInput.district().optional
    static let before = QueryInput.integer("before", "只列编号小于此值的转移 (上一页最后一条的编号)", in: 1...Int.max).optional
}

extension Transfer.Status {
    var chinese: String {
        switch self {
        case .proposed: "提出"
        case .accepted: "接收"
        case .rejected: "拒绝"
        case .withdrawn: "撤回"
        }
    }
}
