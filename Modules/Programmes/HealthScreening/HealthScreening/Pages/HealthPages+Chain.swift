import Contract
import Foundation

extension HealthPages {
    /// A chain's page: its condition and stage, every link's deadline with 按时/超时/待完成, and its steps in order (the
    /// laboratory values and diagnoses only as the repository gives them to this caller).
    func chainPage(_ page: PageCall, _ chain: Chain) -> HTML {
        HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") {
                    page.text(chain.title) + " · "
                        + (chain.outcome.map { page.text(.init(zh: "已结案: ", en: "Closed: ")) + page.text(HealthLabels.state($0)) }
                            ?? page.text(chain.stage?.title ?? .init(zh: "尚未开始", en: "Not started")))
                }
                if chain.outcome == nil, Self.mayAnywhere(page, HealthScreeningPermissions.screeningRecord) {
                    HTML.element("p") {
                        HTML.link(to: Self.prefix + "/chains/\(chain.id)/results") { page.text(Self.resultTitle) }
                    }
                }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "各环节时限", en: "Deadlines")) }
                if chain.deadlines.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "尚无时限", en: "No deadline planned")) }
                } else {
                    page.table(
                        [
                            Localized(zh: "环节", en: "Link"), .init(zh: "应完成起", en: "Due from"), .init(zh: "截止", en: "Due by"),
                            .init(zh: "完成时间", en: "Closed"), .init(zh: "时限", en: "Timeliness"), .init(zh: "原因", en: "Reason")
                        ], ["id": "deadlines"]
                    ) {
                        for deadline in chain.deadlines {
                            HTML.element("tr") {
                                HTML.element("td") { page.text(deadline.title) }
                                HTML.element("td") { Self.shown(deadline.dueFrom) }
                                HTML.element("td") { Self.shown(deadline.dueBy) }
                                HTML.element("td") { Self.shown(deadline.closedAt) }
                                HTML.element("td", ["class": "timeliness-" + deadline.timeliness.rawValue]) {
                                    page.text(HealthLabels.timeliness(deadline.timeliness))
                                }
                                HTML.element("td") { deadline.reason ?? "" }
                            }
                        }
                    }
                }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "筛查环节", en: "Steps")) }
                if chain.steps.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "尚无记录", en: "Nothing recorded yet")) }
                } else {
                    page.table(
                        [
                            Localized(zh: "环节", en: "Link"), .init(zh: "状态", en: "State"), .init(zh: "时间", en: "When"),
                            .init(zh: "机构", en: "Institution"), .init(zh: "人员", en: "Person"), .init(zh: "原因", en: "Reason"),
                            .init(zh: "检测值/诊断", en: "Value or diagnosis")
                        ], ["id": "steps"]
                    ) {
                        for step in chain.steps {
                            HTML.element("tr") {
                                HTML.element("td") { page.text(step.link.title) }
                                HTML.element("td") { page.text(HealthLabels.state(step.state)) }
                                HTML.element("td") { Self.shown(step.occurredAt) }
                                HTML.element("td") { step.institution ?? "" }
                                HTML.element("td") { step.person ?? "" }
                                HTML.element("td") { step.reason ?? "" }
                                HTML.element("td") { step.detail ?? "" }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The form recording a chain's screening result (its state, when, the laboratory value for a caller who may read
    /// it), the refused field marked beside it.
    func resultPage(_ page: PageCall, _ chain: Chain) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            HTML.element("p") { HTML.link(to: Self.prefix + "/chains/\(chain.id)") { page.text(chain.title) } }
            page.form(post: Self.prefix + "/chains/\(chain.id)/results") {
                page.choice("state", label: .init(zh: "筛查结果", en: "Result"), Link.result.states.map { ($0, HealthLabels.state($0)) })
                page.field(
                    "occurredAt", label: .init(zh: "结果时间 (北京时间)", en: "When (Beijing time)"), type: "datetime-local", required: true)
                if Self.mayAnywhere(page, HealthScreeningPermissions.diagnosisRead) {
                    page.field("detail", label: .init(zh: "检测值", en: "Laboratory value"))
                }
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(Self.resultTitle) }
            }
        }
    }

    /// Records the submitted result through the chain's result step, as `POST /chains/{id}/results` does, audited in
    /// the same transaction; a refused field is the `Problem` the console shows beside it.
    func recordResult(_ page: PageCall, chain id: UUID, _ chains: ChainRepository) async throws {
        let call = page.call
        let record = try StepRecord(
            state: call.input(Self.state), occurredAt: Self.instantText(call.input(Self.occurredAt)), institution: nil, person: nil,
            method: nil, reason: nil, detail: call.input(Self.detail)
        ).validated(for: .result, now: call.clock.now())
        try await call.transaction { connection in
            guard try await chains.record(.result, record, chain: id, by: call.actor, on: connection) else {
                throw Problem.notFound(.init(zh: "筛查链", en: "Screening chain"))
            }
            try await call.audit("chain.\(Link.result.rawValue)", entity: "chain", entityID: id.uuidString, on: connection)
        }
    }

    /// A `datetime-local` value (`yyyy-MM-ddTHH:mm`, Beijing time, as the browser sends it) as RFC 3339 with its offset;
    /// any other text as it is, for the step's own check to accept or refuse.
    static func instantText(_ text: String) -> String {
        let local = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?/
        guard let match = text.wholeMatch(of: local) else { return text }
        return text + (match.output.1 == nil ? ":00" : "") + "+08:00"
    }
}
