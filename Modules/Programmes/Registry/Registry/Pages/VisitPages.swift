import Contract
import Foundation

/// 走访表单 — the visit form for a phone: large controls, the three findings that force red explained beside their
/// boxes, posted through the API's own `VisitEndpoints.record`; a red result says it waits for the supervisor.
struct VisitPages {
    let visits: VisitEndpoints
    static let title = Localized(zh: "记录走访", en: "Record a visit")
    static let visitedOn = QueryInput.date("visitedOn", "走访日期").optional
    static let mode = QueryInput<VisitMode>.enumeration("mode", "走访方式", default: .home)
    static let livesAlone = QueryInput.boolean("livesAlone", "脱离监护单独生活", default: false)
    static let suspectedViolence = QueryInput.boolean("suspectedViolence", "疑似遭受家庭暴力、虐待、欺凌", default: false)
    static let mandatoryReport = QueryInput.boolean("mandatoryReportSituation", "强制报告情形", default: false)
    static let problems = QueryInput.text("problems", "发现的问题", maxLength: 2_000).optional
    static let actions = QueryInput.text("actions", "采取的措施", maxLength: 2_000).optional

    /// Each finding that forces red, with why, shown beside its box.
    static let forcing: [(name: String, label: Localized, why: Localized)] = [
        (
            "livesAlone", .init(zh: "脱离监护单独生活", en: "Lives alone, without a guardian"),
            .init(zh: "勾选即定为红色, 须督导员确认", en: "forces red, confirmed by the supervisor")
        ),
        (
            "suspectedViolence", .init(zh: "疑似遭受家庭暴力、虐待、欺凌", en: "Suspected violence, abuse or bullying"),
            .init(zh: "勾选即定为红色, 并须依法强制报告", en: "forces red; a mandatory report is due")
        ),
        (
            "mandatoryReportSituation", .init(zh: "属于强制报告情形", en: "A mandatory-report situation"),
            .init(zh: "强制报告意见第4条的情形: 定为红色", en: "a situation of article 4 of the mandatory-report rules: forces red")
        )
    ]

    var pages: [Page] {
        [
            Page(
                .get, "/children/{id}/visits/new", title: Self.title, access: .permission(RegistryPermissions.visitRecord),
                inputs: [RegistryInputs.child]
            ) { _, page in
                let child = try page.call.input(RegistryInputs.child)
                // Only for a file in the caller's scope: another district's child is 404, as the file is.
                guard try await page.call.transaction({ try await visits.files.facts(child, $0) }) != nil else {
                    throw Problem.notFound(FileEndpoints.file)
                }
                return .content(form(page, child: child))
            },
            Page(
                .post, "/children/{id}/visits/new", title: Self.title, access: .permission(RegistryPermissions.visitRecord),
                inputs: [
                    RegistryInputs.child, Self.visitedOn, Self.mode, Self.livesAlone, Self.suspectedViolence, Self.mandatoryReport,
                    Self.problems, Self.actions
                ]
            ) { _, page in
                let call = page.call
                let child = try call.input(RegistryInputs.child)
                let findings = VisitRequest.Findings(
                    livesAlone: try call.input(Self.livesAlone), suspectedViolence: try call.input(Self.suspectedViolence),
                    mandatoryReportSituation: try call.input(Self.mandatoryReport))
                let visit = VisitRequest(
                    visitedOn: try call.input(Self.visitedOn) ?? call.clock.today(), mode: try call.input(Self.mode).rawValue,
                    findings: findings, problems: try call.input(Self.problems), actions: try call.input(Self.actions))
                let recorded = try await visits.record(visit, child: child, call: call)
                return .content(result(page, recorded, child: child))
            }
        ]
    }

    /// The form in a `data-draft` container: the console's script keeps it as a draft in the browser and sends it again
    /// when the connection returns; its `_idempotency` key, new for each rendered form, has the gateway record it once.
    /// Shown again with a refusal, the page is the answer to the draft, which it clears (`data-draft-done`).
    @HTMLBuilder
    func form(_ page: PageCall, child: UUID) -> HTML {
        if page.problem != nil { HTML.element("span", ["data-draft-done": "visit-" + child.uuidString]) }
        HTML.element(
            "div",
            [
                "data-draft": "visit-" + child.uuidString,
                "data-draft-offline": page.text(
                    .init(
                        zh: "没有网络: 走访记录已保存在本机, 联网后自动提交",
                        en: "No connection: the visit is kept here and sent when the connection returns")),
                "data-draft-restored": page.text(.init(zh: "已恢复本机保存的草稿", en: "The draft kept on this device is back")),
                "data-draft-sending": page.text(.init(zh: "正在提交…", en: "Sending…"))
            ]
        ) {
            page.form(post: RegistryPages.prefix + "/children/\(child.uuidString)/visits/new") {
                HTML.void("input", ["type": "hidden", "name": "_idempotency", "value": UUID().uuidString])
                fields(page)
            }
        }
    }

    func fields(_ page: PageCall) -> HTML {
        HTML {
            page.field("visitedOn", label: .init(zh: "走访日期", en: "Visit date"), type: "date", value: page.call.clock.today().description)
            let modeRefused = page.problem.flatMap { $0.field == "mode" ? page.text($0.detail) : nil }
            HTML.element("p", ["class": modeRefused == nil ? "field" : "field invalid"]) {
                HTML.element("label", ["for": "field-mode"]) { page.text(.init(zh: "走访方式", en: "Mode")) }
                HTML.element("select", ["id": "field-mode", "name": "mode"]) {
                    HTML.element("option", ["value": "home"]) { page.text(.init(zh: "入户", en: "Home")) }
                    HTML.element("option", ["value": "phone"]) { page.text(.init(zh: "电话", en: "Phone")) }
                    HTML.element("option", ["value": "video"]) { page.text(.init(zh: "视频", en: "Video")) }
                }
                if let modeRefused { HTML.element("span", ["class": "error", "role": "alert"]) { modeRefused } }
            }
            for finding in Self.forcing {
                HTML.element("p", ["class": "field"]) {
                    HTML.element("label") {
                        HTML.void("input", ["type": "checkbox", "name": finding.name, "value": "true"])
                        " " + page.text(finding.label)
                    }
                    HTML.element("span", ["class": "muted"]) { page.text(finding.why) }
                }
            }
            page.field("problems", label: .init(zh: "发现的问题", en: "Problems found"))
            page.field("actions", label: .init(zh: "采取的措施", en: "Actions taken"))
            HTML.element("p") {
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(Self.title) }
            }
        }
    }

    /// The answer to the form, which clears its draft in the browser.
    func result(_ page: PageCall, _ recorded: FileRepository.RecordedVisit, child: UUID) -> HTML {
        HTML.element("section", ["class": "panel", "data-draft-done": "visit-" + child.uuidString]) {
            HTML.element("p") {
                page.text(.init(zh: "走访已记录。颜色: ", en: "Visit recorded. Colour: ")) + RegistryPages.colourName(recorded.colourAfter, page)
                    + " · " + page.text(.init(zh: "下次走访 ", en: "next visit ")) + recorded.nextDue.description
            }
            if !recorded.forcedBecause.isEmpty {
                HTML.element("p", ["class": "banner", "role": "status"]) {
                    page.text(.init(zh: "定为红色, 等待督导员确认: ", en: "Red, waiting for the supervisor: "))
                        + recorded.forcedBecause.joined(separator: "; ")
                }
            }
            HTML.element("p") {
                HTML.link(to: RegistryPages.prefix + "/children/\(child.uuidString)") {
                    page.text(.init(zh: "返回档案", en: "Back to the file"))
                }
            }
        }
    }
}
