import Contract
import Foundation

/// 督导确认 — the township supervisor's queue: red visits waiting for their confirmation (a note, as the API's visit
/// review), and colour changes to red asked for by a director, confirmed or returned (the API's risk decision). Each
/// write goes through the same repository call and audit entry as its API route.
struct ConfirmationPages {
    let files: FileRepository
    static let title = Localized(zh: "督导确认", en: "Supervisor confirmation")
    static let visit = QueryInput.uuid("visit", "走访记录")
    static let note = QueryInput.text("note", "督导意见", maxLength: 2_000).optional
    static let decision = QueryInput<Bool>.choice("decision", "confirm 确认 / return 退回", [("confirm", true), ("return", false)])
    static let path = RegistryPages.prefix + "/confirmations"

    var pages: [Page] {
        [
            Page(
                .get, "/confirmations", title: Self.title, access: .permission(RegistryPermissions.visitReview),
                navigation: .init(Self.title, order: 30)
            ) { _, page in
                .content(try await queue(page))
            },
            Page(
                .post, "/confirmations", title: Self.title, access: .permission(RegistryPermissions.visitReview),
                inputs: [Self.visit, Self.note]
            ) { _, page in
                let call = page.call
                let visit = try call.input(Self.visit)
                guard let note = try call.input(Self.note), !note.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem.invalid("note", "请填写督导意见", "a review note is required")
                }
                try await call.transaction { connection in
                    let child = try await files.review(visit: visit, note: note, by: call.actor, connection)
                    try await call.audit("visit.review", entity: "visit", entityID: visit.uuidString, child: child, on: connection)
                }
                return .redirect(Self.path)
            },
            Page(
                .post, "/risk-changes/{id}/decision", title: Self.title, access: .permission(RegistryPermissions.riskConfirm),
                inputs: [RiskEndpoints.change, Self.decision, Self.note]
            ) { _, page in
                let call = page.call
                let change = try call.input(RiskEndpoints.change)
                let approve = try call.input(Self.decision)
                let note = try call.input(Self.note)
                try await call.transaction { connection in
                    let child = try await files.decide(
                        change: change, approve: approve, note: note, by: call.actor, today: call.clock.today(), connection)
                    try await call.audit(
                        approve ? "risk.confirm" : "risk.reject", entity: "risk-change", entityID: String(change), child: child,
                        on: connection)
                }
                return .redirect(Self.path)
            }
        ]
    }

    func queue(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let visits = try await call.transaction { try await files.redVisitsAwaitingReview(limit: 200, $0) }
        let mayDecide = !RegistryPages.districts(call, RegistryPermissions.riskConfirm).isEmpty
        let changes = mayDecide ? try await call.transaction { try await files.pendingChanges(limit: 200, $0) } : []
        return HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "红色走访待确认", en: "Red visits waiting for confirmation")) }
                if visits.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有待确认的红色走访", en: "No red visit waits")) }
                }
                for visit in visits { visitItem(page, visit) }
            }
            if mayDecide {
                HTML.element("section", ["class": "panel"]) {
                    HTML.element("h2") { page.text(.init(zh: "颜色调整待确认", en: "Colour changes waiting for a decision")) }
                    if changes.isEmpty {
                        HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有待确认的颜色调整", en: "No colour change waits")) }
                    }
                    for change in changes { changeItem(page, change) }
                }
            }
        }
    }

    func visitItem(_ page: PageCall, _ visit: FileRepository.RedVisit) -> HTML {
        let flags = [visit.findings.livesAlone, visit.findings.suspectedViolence, visit.findings.mandatoryReportSituation]
        let reasons = zip(VisitPages.forcing, flags).filter { $0.1 == true }.map { page.text($0.0.label) }
        let refused = page.submitted["visit"] == visit.id.uuidString ? page.problem : nil
        return HTML.element("article") {
            HTML.element("h3") { HTML.link(to: RegistryPages.prefix + "/children/\(visit.child.uuidString)") { visit.name } }
            HTML.element("p") {
                visit.visitedOn.description + " · " + visit.visitor + " · " + RegistryPages.modeName(visit.mode, page) + " · "
                    + RegistryPages.colourName(RiskColour.red.rawValue, page)
            }
            if !reasons.isEmpty {
                HTML.element("p", ["class": "banner"]) {
                    page.text(.init(zh: "定为红色的原因: ", en: "Red because: ")) + reasons.joined(separator: "; ")
                }
            }
            page.form(post: Self.path) {
                HTML.void("input", ["type": "hidden", "name": "visit", "value": visit.id.uuidString])
                Self.noteField(page, id: "note-" + visit.id.uuidString, label: .init(zh: "督导意见", en: "Supervisor's note"), refused: refused)
                HTML.element("p") {
                    HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "确认", en: "Confirm")) }
                }
            }
        }
    }

    func changeItem(_ page: PageCall, _ change: FileRepository.PendingChange) -> HTML {
        HTML.element("article") {
            HTML.element("h3") { HTML.link(to: RegistryPages.prefix + "/children/\(change.child.uuidString)") { change.name } }
            HTML.element("p") {
                (change.previous.map { RegistryPages.colourName($0, page) + " → " } ?? "") + RegistryPages.colourName(change.colour, page)
                    + " · " + change.reason + " · " + page.text(.init(zh: "申请人 ", en: "asked by ")) + change.requestedBy
            }
            page.form(post: RegistryPages.prefix + "/risk-changes/\(change.id)/decision") {
                Self.noteField(page, id: "change-note-\(change.id)", label: .init(zh: "意见 (可不填)", en: "Note (optional)"), refused: nil)
                HTML.element("p") {
                    HTML.element("button", ["type": "submit", "name": "decision", "value": "confirm", "class": "primary"]) {
                        page.text(.init(zh: "确认", en: "Confirm"))
                    }
                    " "
                    HTML.element("button", ["type": "submit", "name": "decision", "value": "return"]) {
                        page.text(.init(zh: "退回", en: "Return"))
                    }
                }
            }
        }
    }

    /// The `note` box of one item of a list (ids differ per item); the refusal beside it when this item's form was refused.
    static func noteField(_ page: PageCall, id: String, label: Localized, refused: Problem?) -> HTML {
        let message = refused.flatMap { $0.field == "note" ? page.text($0.detail) : nil }
        return HTML.element("p", ["class": message == nil ? "field" : "field invalid"]) {
            HTML.element("label", ["for": id]) { page.text(label) }
            HTML.void("input", ["id": id, "name": "note", "type": "text", "value": refused == nil ? "" : page.submitted["note"] ?? ""])
            if let message { HTML.element("span", ["class": "error", "role": "alert"]) { message } }
        }
    }
}
