import Contract
import Foundation

/// 转移收件箱 — transfers as the API's `/transfers` lists them: incoming proposals (the child as the sender's roster
/// showed it) with accept and refuse (a reason required, as the API's reject), and the caller's outgoing transfers with
/// their state. A decision goes through the API's checks (still open, the caller on the receiving side), repository
/// calls and audit entries.
struct TransferPages {
    let transfers: TransferRepository
    let files: FileRepository
    static let title = Localized(zh: "转移", en: "Transfers")
    static let path = RegistryPages.prefix + "/transfers"
    static let transfer = QueryInput.integer("transfer", "转移编号", in: 1...Int.max)
    static let decision = QueryInput<Bool>.choice("decision", "accept 接收 / refuse 拒绝", [("accept", true), ("refuse", false)])
    static let note = QueryInput.text("note", "理由或备注", maxLength: 2_000).optional

    var pages: [Page] {
        [
            Page(
                .get, "/transfers", title: Self.title, access: .permission(RegistryPermissions.childRead),
                navigation: .init(Self.title, order: 40)
            ) { _, page in
                .content(try await inbox(page))
            },
            Page(
                .post, "/transfers", title: Self.title, access: .permission(RegistryPermissions.childWrite),
                inputs: [Self.transfer, Self.decision, Self.note]
            ) { _, page in
                let call = page.call
                let id = Int64(try call.input(Self.transfer))
                let accept = try call.input(Self.decision)
                let note = try call.input(Self.note).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
                if !accept, note == nil { throw Problem.invalid("note", "拒绝须注明理由", "a reason is required to refuse") }
                let today = call.clock.today()
                try await call.transaction { connection in
                    let transfer = try await TransferEndpoints.open(id, receiving: true, call: call, connection)
                    if accept {
                        try await transfers.accept(transfer, note: note, by: call.actor, today: today, connection)
                    } else {
                        try await transfers.close(transfer, as: .rejected, note: note, by: call.actor, connection)
                    }
                    try await call.audit(
                        accept ? "transfer.accept" : "transfer.rejected", entity: "transfer", entityID: String(id), child: transfer.child,
                        on: connection)
                }
                return .redirect(Self.path)
            }
        ]
    }

    func inbox(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let (incoming, outgoing) = try await call.transaction { connection in
            (
                try await transfers.list(incoming: true, status: .proposed, before: nil, limit: 100, connection),
                try await transfers.list(incoming: false, status: nil, before: nil, limit: 100, connection)
            )
        }
        let mayDecide = !RegistryPages.districts(call, RegistryPermissions.childWrite).isEmpty
        var names: [DistrictCode: String] = [:]
        for code in Set(incoming.map(\.fromDistrict) + outgoing.map(\.toDistrict)) {
            names[code] = try await RegistryPages.districtName(code, call)
        }
        return HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "待接收的转入", en: "Incoming, waiting for you")) }
                if incoming.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有待接收的转移", en: "No transfer waits")) }
                }
                for transfer in incoming {
                    HTML.element("article") {
                        HTML.element("h3") { transfer.summary.name }
                        HTML.element("p") {
                            page.text(.init(zh: "转出地 ", en: "From ")) + (names[transfer.fromDistrict] ?? transfer.fromDistrict.description)
                                + " · " + transfer.reason + " · " + RegistryPages.categoryNames(transfer.summary.categories, page) + " · "
                                + RegistryPages.colourName(transfer.summary.riskColour, page)
                        }
                        if mayDecide && call.holds(RegistryPermissions.childWrite, in: transfer.toDistrict) { decisionForm(page, transfer) }
                    }
                }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "转出", en: "Outgoing")) }
                if outgoing.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有转出", en: "No outgoing transfer")) }
                } else {
                    RegistryPages.table(
                        page,
                        [
                            Localized(zh: "姓名", en: "Name"), .init(zh: "转入地", en: "To"), .init(zh: "原因", en: "Reason"),
                            .init(zh: "状态", en: "State"), .init(zh: "意见", en: "Note")
                        ]
                    ) {
                        for transfer in outgoing {
                            HTML.element("tr") {
                                HTML.element("td") {
                                    HTML.link(to: RegistryPages.prefix + "/children/\(transfer.child.uuidString)") {
                                        transfer.summary.name
                                    }
                                }
                                HTML.element("td") { names[transfer.toDistrict] ?? transfer.toDistrict.description }
                                HTML.element("td") { transfer.reason }
                                HTML.element("td") { RegistryPages.statusName(transfer.status, page) }
                                HTML.element("td") { transfer.decisionNote ?? "" }
                            }
                        }
                    }
                }
            }
        }
    }

    func decisionForm(_ page: PageCall, _ transfer: Transfer) -> HTML {
        let refused = page.submitted["transfer"] == String(transfer.id) ? page.problem : nil
        return page.form(post: Self.path) {
            HTML.void("input", ["type": "hidden", "name": "transfer", "value": String(transfer.id)])
            ConfirmationPages.noteField(
                page, id: "transfer-note-\(transfer.id)", label: .init(zh: "理由 (拒绝时必填)", en: "Reason (required to refuse)"),
                refused: refused)
            HTML.element("p") {
                HTML.element("button", ["type": "submit", "name": "decision", "value": "accept", "class": "primary"]) {
                    page.text(.init(zh: "接收", en: "Accept"))
                }
                " "
                HTML.element("button", ["type": "submit", "name": "decision", "value": "refuse"]) {
                    page.text(.init(zh: "拒绝", en: "Refuse"))
                }
            }
        }
    }
}
