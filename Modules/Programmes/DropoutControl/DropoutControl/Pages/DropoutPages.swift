import Contract
import Foundation
import Hummingbird

/// 控辍保学的工作台页面 — dropout control's console pages: run a comparison (四查三比对) and see its result, the three
/// ledgers (三本台账) filtered and paged with their CSV and xlsx download, a case with its persuasion attempts (劝返),
/// written report (书面报告) and legal measures (依法督促), home-teaching plans (送教上门) and their compliance. Codes are
/// shown as words (``DropoutLabels``). Each goes through the same repositories, scope and audit as the API's routes.
struct DropoutPages {
    let context: ProgrammeContext

    static let prefix = "/" + DropoutControlProgramme.id
    /// The district and term of a filter or a form: the caller's own district and the current term when left empty.
    static let district = QueryInput.district().optional
    static let term = DropoutInputs.term.optional

    static let party = QueryInput.choice("party", "劝返人员所属", PersuasionAttempt.Party.allCases.map { ($0.rawValue, $0) })
    static let by = QueryInput.text("by", "劝返人员", maxLength: 200)
    static let attemptedOn = QueryInput.date("attemptedOn", "劝返日期").optional
    static let method = QueryInput.choice("method", "劝返方式", PersuasionAttempt.Method.allCases.map { ($0.rawValue, $0) })
    static let outcome = QueryInput.choice("outcome", "劝返结果", PersuasionAttempt.Outcome.allCases.map { ($0.rawValue, $0) })
    static let note = QueryInput.text("note", "备注", maxLength: 2_000).optional
    static let content = QueryInput.text("content", "书面报告内容", maxLength: 10_000).optional
    static let verifiedOn = QueryInput.date("verifiedOn", "核实日期").optional
    static let reportedOn = QueryInput.date("reportedOn", "报告日期").optional

    static let attemptFields: [String] = ([party, by, attemptedOn, method, outcome, note] as [any DeclaredInput]).map(\.declaration.name)
    static let comparisonTitle = Localized(zh: "四查三比对", en: "Run a comparison")
    static let ledgersTitle = Localized(zh: "三本台账", en: "The three ledgers")

    var pages: [Page] {
        let cases = CaseRepository(context: context)
        let comparisons = ComparisonRepository(context: context)
        let ledgers = LedgerRepository(context: context)
        // The case page, also the page a refused verification form is shown again on.
        let showCase: @Sendable (Request, PageCall) async throws -> PageResult = { _, page in
            let found = try await CaseEndpoints.read(cases, try page.call.input(DropoutInputs.caseID), call: page.call)
            return .content(casePage(page, found))
        }
        return [
            Page(
                .get, "/comparisons", title: Self.comparisonTitle, access: .permission(DropoutPermissions.comparisonRun),
                navigation: .init(Self.comparisonTitle, order: 10), inputs: [Self.district, Self.term]
            ) { _, page in
                let (district, term) = try filter(page, DropoutPermissions.comparisonRun)
                return .content(
                    HTML.element("section", ["class": "panel"]) {
                        HTML.element("p", ["class": "muted"]) {
                            page.text(
                                .init(
                                    zh: "比对关注名单与本学期学籍库快照, 生成适龄失学、疑似辍学、辍学三本台账。",
                                    en: "Compares the watched children with this term's enrolment snapshot into the three ledgers."))
                        }
                        page.form(post: Self.prefix + "/comparisons") {
                            page.field(
                                "district", label: .init(zh: "区划代码", en: "District code"), value: district.description, required: true)
                            page.field("term", label: .init(zh: "学期", en: "Term"), value: term.description, required: true)
                            HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "运行比对", en: "Run")) }
                        }
                    })
            },
            Page(
                .post, "/comparisons", title: Self.comparisonTitle, access: .permission(DropoutPermissions.comparisonRun),
                inputs: [DropoutInputs.district, DropoutInputs.term]
            ) { _, page in
                let district = try page.call.input(DropoutInputs.district)
                let term = try page.call.input(DropoutInputs.term)
                _ = try await ComparisonEndpoints.run(comparisons, district: district, term: term, call: page.call)
                return .redirect(Self.prefix + "/ledgers?district=\(district)&term=\(term)")
            },
            Page(
                .get, "/ledgers", title: Self.ledgersTitle, access: .permission(DropoutPermissions.ledgerRead),
                navigation: .init(Self.ledgersTitle, order: 20), inputs: [Self.district, Self.term]
            ) { _, page in
                let (district, term) = try filter(page, DropoutPermissions.ledgerRead)
                let indicators = try await indicators(page, district: district, term: term)
                let counts = indicators.comparison == nil ? nil : indicators.ledgers
                return .content(
                    HTML {
                        filterForm(page, action: "/ledgers", district: district, term: term)
                        HTML.element("section", ["class": "panel"]) {
                            ledgerChart(page, counts)
                            HTML.element("ul") {
                                for ledger in ComparisonRepository.Ledger.allCases {
                                    HTML.element("li") {
                                        HTML.link(to: Self.prefix + "/ledgers/\(ledger.rawValue)?district=\(district)&term=\(term)") {
                                            page.text(Self.ledgerName(ledger))
                                        }
                                        " " + (counts.map { String($0[ledger]) } ?? "—")
                                    }
                                }
                            }
                            if counts == nil {
                                HTML.element("p", ["class": "muted"]) {
                                    page.text(.init(zh: "该学期尚未运行比对。", en: "No comparison has been run for this term."))
                                }
                            } else {
                                exportLinks(page, district: district, term: term)
                            }
                        }
                    })
            },
            Page(
                .get, "/ledgers/{ledger}", title: Self.ledgersTitle, access: .permission(DropoutPermissions.ledgerRead),
                inputs: [DropoutInputs.ledger, Self.district, Self.term, QueryInput.after, DropoutInputs.limit]
            ) { _, page in
                let ledger = try page.call.input(DropoutInputs.ledger)
                let (district, term) = try filter(page, DropoutPermissions.ledgerRead)
                let request = LedgerRepository.Page(
                    district: district, term: term, after: try page.call.input(QueryInput.after),
                    limit: try page.call.input(DropoutInputs.limit))
                let entries = try await ComparisonEndpoints.read(ledgers, ledger, request, call: page.call)
                return .content(ledgerTable(page, ledger, request, entries))
            },
            Page(
                .get, "/ledger-export", title: .init(zh: "导出三本台账", en: "Export the three ledgers"),
                access: .permission(DropoutPermissions.ledgerRead), inputs: [Self.district, Self.term, LedgerDownload.format]
            ) { _, page in
                let (district, term) = try filter(page, DropoutPermissions.ledgerRead)
                let download = LedgerDownload(ledgers: ledgers, context: context)
                return .response(
                    try await download.response(
                        page.call, district: district, term: term, format: try page.call.input(LedgerDownload.format)))
            },
            Page(
                .get, "/home-teaching", title: .init(zh: "送教上门达标情况", en: "Home-teaching compliance"),
                access: .permission(DropoutPermissions.teachingRead),
                navigation: .init(.init(zh: "送教上门", en: "Home teaching"), order: 30), inputs: [Self.district, DropoutInputs.month]
            ) { _, page in
                let district = try page.call.input(Self.district) ?? ownDistrict(page, DropoutPermissions.teachingRead)
                let month = try page.call.input(DropoutInputs.month) ?? HomeTeachingEndpoints.month(of: page.call.clock.today())
                let list = try await page.call.transaction {
                    try await HomeTeachingRepository(context: context).shortfalls(district: district, month: month, $0)
                }
                return .content(compliance(page, district: district, month: month, list))
            },
            Page(
                .get, "/cases/{id}", title: CaseRepository.what, access: .permission(DropoutPermissions.caseRead),
                inputs: [DropoutInputs.caseID], handler: showCase
            ),
            Page(
                .post, "/cases/{id}", title: CaseRepository.what, access: .permission(DropoutPermissions.caseWrite),
                inputs: [DropoutInputs.caseID, Self.party, Self.by, Self.attemptedOn, Self.method, Self.outcome, Self.note]
            ) { _, page in
                let id = try page.call.input(DropoutInputs.caseID)
                let attempt = PersuasionAttempt(
                    party: try page.call.input(Self.party), by: try page.call.input(Self.by),
                    attemptedOn: try page.call.input(Self.attemptedOn) ?? page.call.clock.today(), method: try page.call.input(Self.method),
                    outcome: try page.call.input(Self.outcome), note: try page.call.input(Self.note))
                try await page.call.transaction { connection in
                    try await CaseEndpoints.attempt(cases, id, attempt, call: page.call, connection)
                    try await page.call.audit("case.attempts", entity: "case", entityID: id.uuidString, on: connection)
                }
                return .redirect(Self.prefix + "/cases/\(id)")
            },
            Page(
                .get, "/cases/{id}/verify", title: CaseRepository.what, access: .permission(DropoutPermissions.caseRead),
                inputs: [DropoutInputs.caseID], handler: showCase
            ),
            Page(
                .post, "/cases/{id}/verify", title: CaseRepository.what, access: .permission(DropoutPermissions.caseWrite),
                inputs: [DropoutInputs.caseID, Self.verifiedOn, Self.note]
            ) { _, page in
                let id = try page.call.input(DropoutInputs.caseID)
                let today = page.call.clock.today()
                let on = try CaseEndpoints.notFuture(try page.call.input(Self.verifiedOn), "verifiedOn", today: today)
                let note = try page.call.input(Self.note)
                try await page.call.transaction { connection in
                    try await cases.verify(id, on: on, note: note, by: page.call.actor, connection)
                    try await page.call.audit("case.verify", entity: "case", entityID: id.uuidString, on: connection)
                }
                return .redirect(Self.prefix + "/cases/\(id)")
            },
            Page(
                .get, "/cases/{id}/report", title: .init(zh: "书面报告", en: "Written report"),
                access: .permission(DropoutPermissions.caseEscalate), inputs: [DropoutInputs.caseID]
            ) { _, page in
                let found = try await CaseEndpoints.read(cases, try page.call.input(DropoutInputs.caseID), call: page.call)
                return .content(reportForm(page, found))
            },
            Page(
                .post, "/cases/{id}/report", title: .init(zh: "书面报告", en: "Written report"),
                access: .permission(DropoutPermissions.caseEscalate), inputs: [DropoutInputs.caseID, Self.content, Self.reportedOn]
            ) { _, page in
                let id = try page.call.input(DropoutInputs.caseID)
                let body = CaseEndpoints.ReportRequest(
                    reportedOn: try page.call.input(Self.reportedOn), content: try page.call.input(Self.content), recipients: nil)
                try await page.call.transaction { connection in
                    try await CaseEndpoints.report(cases, id, body, call: page.call, connection)
                    try await page.call.audit("case.reports", entity: "case", entityID: id.uuidString, on: connection)
                }
                return .redirect(Self.prefix + "/cases/\(id)")
            }
        ] + formPages + EnrolmentCheckPages(context: context).pages
    }

    /// 控辍保学 on the home page: the indicators of the caller's district this term, the three ledgers as a chart, and
    /// the verified dropouts awaiting persuasion or a report.
    var panels: [HomePanel] {
        [
            HomePanel(title: DropoutControlProgramme.title, permission: DropoutPermissions.indicatorRead) { page in
                let district = try ownDistrict(page, DropoutPermissions.indicatorRead)
                let term = Term.current(on: page.call.clock.today())
                let indicators = try await indicators(page, district: district, term: term)
                let due = try await ComparisonEndpoints.read(
                    LedgerRepository(context: context), .dropout, .init(district: district, term: term, limit: 10), call: page.call)
                return HTML {
                    HTML.element("p", ["class": "muted"]) { "\(district) · \(term)" }
                    ledgerChart(page, indicators.comparison == nil ? nil : indicators.ledgers)
                    HTML.element("ul") {
                        HTML.element("li") {
                            page.text(.init(zh: "超过 30 天未结个案", en: "Cases open over 30 days")) + ": \(indicators.casesOpenLongerThan.count)"
                        }
                        HTML.element("li") { page.text(.init(zh: "劝返次数", en: "Persuasion attempts")) + ": \(indicators.attempts)" }
                        HTML.element("li") {
                            page.text(.init(zh: "复学率", en: "Return rate")) + ": "
                                + (indicators.returnRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—")
                        }
                        HTML.element("li") { page.text(.init(zh: "书面报告", en: "Written reports")) + ": \(indicators.writtenReports)" }
                    }
                    HTML.element("h3") { page.text(.init(zh: "待劝返的辍学个案", en: "Dropouts awaiting persuasion")) }
                    if due.isEmpty {
                        HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有", en: "None")) }
                    } else {
                        HTML.element("ul") {
                            for entry in due {
                                HTML.element("li") {
                                    HTML.link(to: Self.prefix + "/cases/\(entry.id)") { entry.name }
                                    " " + (entry.school ?? "") + " · " + (entry.openedOn?.description ?? "")
                                }
                            }
                        }
                    }
                    HTML.element("p") {
                        HTML.link(to: Self.prefix + "/ledgers?district=\(district)&term=\(term)") { page.text(Self.ledgersTitle) }
                    }
                }
            }
        ]
    }

    /// The 常态化报告指标 of `district` in `term`, cases counted open over 30 days, home teaching this month.
    func indicators(_ page: PageCall, district: DistrictCode, term: Term) async throws -> Indicators {
        let today = page.call.clock.today()
        return try await page.call.transaction { connection in
            try await IndicatorRepository(context: context).read(
                district: district, term: term, openDays: 30, month: HomeTeachingEndpoints.month(of: today), today: today, connection)
        }
    }

    /// The caller's first district granting `permission` (the default of a filter).
    func ownDistrict(_ page: PageCall, _ permission: Permission) throws -> DistrictCode {
        try page.call.ownDistrict(granting: permission)
    }

    /// The district and term a page shows: those asked for, else the caller's district and the current term.
    func filter(_ page: PageCall, _ permission: Permission) throws -> (DistrictCode, Term) {
        let district = try page.call.input(Self.district) ?? ownDistrict(page, permission)
        return (district, try page.call.input(Self.term) ?? Term.current(on: page.call.clock.today()))
    }

    static func ledgerName(_ ledger: ComparisonRepository.Ledger) -> Localized {
        switch ledger {
        case .outOfSchool: .init(zh: "适龄失学", en: "Out of school")
        case .suspected: .init(zh: "疑似辍学", en: "Suspected dropout")
        case .dropout: .init(zh: "辍学", en: "Dropout")
        }
    }

    func filterForm(_ page: PageCall, action: String, district: DistrictCode, term: Term) -> HTML {
        HTML.element("form", ["method": "get", "action": Self.prefix + action, "class": "filters"]) {
            page.field("district", label: .init(zh: "区划代码", en: "District code"), value: district.description)
            page.field("term", label: .init(zh: "学期", en: "Term"), value: term.description)
            HTML.element("button", ["type": "submit"]) { page.text(.init(zh: "筛选", en: "Filter")) }
        }
    }

    /// The three ledgers as horizontal bars, drawn on the server (no script).
    func ledgerChart(_ page: PageCall, _ counts: ComparisonRepository.Counts?) -> HTML {
        guard let counts else { return .empty }
        let ledgers = ComparisonRepository.Ledger.allCases
        let largest = max(1, ledgers.map { counts[$0] }.max() ?? 1)
        let summary = ledgers.map { page.text(Self.ledgerName($0)) + " \(counts[$0])" }.joined(separator: ", ")
        return HTML.element("svg", ["viewBox": "0 0 320 \(ledgers.count * 24)", "width": "320", "role": "img", "aria-label": summary]) {
            for (row, ledger) in ledgers.enumerated() {
                let y = row * 24
                HTML.element("text", ["x": "0", "y": "\(y + 15)", "font-size": "12"]) { page.text(Self.ledgerName(ledger)) }
                HTML.element(
                    "rect",
                    [
                        "x": "90", "y": "\(y + 4)", "height": "14", "width": "\(max(1, counts[ledger] * 180 / largest))", "fill": "#3a6ea5"
                    ])
                HTML.element("text", ["x": "\(96 + counts[ledger] * 180 / largest)", "y": "\(y + 15)", "font-size": "12"]) {
                    "\(counts[ledger])"
                }
            }
        }
    }

    func ledgerTable(
        _ page: PageCall, _ ledger: ComparisonRepository.Ledger, _ request: LedgerRepository.Page, _ entries: [LedgerRepository.Entry]
    ) -> HTML {
        let query = "district=\(request.district)&term=\(request.term)"
        return HTML {
            HTML.element("h2") { page.text(Self.ledgerName(ledger)) }
            filterForm(page, action: "/ledgers/\(ledger.rawValue)", district: request.district, term: request.term)
            page.table([
                Localized(zh: "姓名", en: "Name"), .init(zh: "身份证号", en: "ID number"), .init(zh: "区划", en: "District"),
                .init(zh: "学校", en: "School"), .init(zh: "状态", en: "State"), .init(zh: "立案日期", en: "Opened"),
                .init(zh: "重点群体", en: "Priority groups")
            ]) {
                for entry in entries {
                    HTML.element("tr") {
                        HTML.element("td") {
                            if ledger == .outOfSchool {
                                entry.name
                            } else {
                                HTML.link(to: Self.prefix + "/cases/\(entry.id)") { entry.name }
                            }
                        }
                        HTML.element("td") { entry.idNumberMasked ?? "" }
                        HTML.element("td") { entry.district.description }
                        HTML.element("td") { entry.school ?? "" }
                        HTML.element("td") {
                            entry.state.flatMap { CaseState(rawValue: $0) }.map { page.text(DropoutLabels.state($0)) } ?? ""
                        }
                        HTML.element("td") { entry.openedOn?.description ?? "" }
                        HTML.element("td") { entry.groups.map { page.text(DropoutLabels.group($0)) }.joined(separator: "、") }
                    }
                }
            }
            if entries.isEmpty { HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "台账为空", en: "The ledger is empty")) } }
            exportLinks(page, district: request.district, term: request.term)
            if entries.count == request.limit, let last = entries.last {
                HTML.element("p") {
                    HTML.link(to: Self.prefix + "/ledgers/\(ledger.rawValue)?\(query)&after=\(last.id)") {
                        page.text(.init(zh: "下一页", en: "Next page"))
                    }
                }
            }
        }
    }

    /// The download links of the three ledgers of `district` in `term`.
    func exportLinks(_ page: PageCall, district: DistrictCode, term: Term) -> HTML {
        HTML.element("p", ["class": "exports"]) {
            page.text(.init(zh: "导出三本台账: ", en: "Export the three ledgers: "))
            HTML.link(to: Self.prefix + "/ledger-export?district=\(district)&term=\(term)&format=csv") { "CSV" }
            " · "
            HTML.link(to: Self.prefix + "/ledger-export?district=\(district)&term=\(term)&format=xlsx") { "Excel (xlsx)" }
        }
    }

    func casePage(_ page: PageCall, _ found: DropoutCase) -> HTML {
        HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { found.name + " · " + page.text(DropoutLabels.state(found.state)) }
                HTML.element("dl") {
                    HTML.element("dt") { page.text(.init(zh: "学期", en: "Term")) }
                    HTML.element("dd") { found.term }
                    HTML.element("dt") { page.text(.init(zh: "学校", en: "School")) }
                    HTML.element("dd") { found.school ?? "—" }
                    HTML.element("dt") { page.text(.init(zh: "负责区划", en: "Responsible district")) }
                    HTML.element("dd") { found.district.description }
                    HTML.element("dt") { page.text(.init(zh: "立案日期", en: "Opened")) }
                    HTML.element("dd") { found.openedOn.description }
                }
                refusal(page, besides: Set(Self.attemptFields))
                if found.state == .suspected {
                    page.form(post: Self.prefix + "/cases/\(found.id)/verify") {
                        page.field(
                            "verifiedOn", label: .init(zh: "核实日期", en: "Verified on"), type: "date",
                            value: page.call.clock.today().description)
                        page.field("note", label: .init(zh: "核实情况", en: "Note"))
                        HTML.element("button", ["type": "submit", "class": "primary"]) {
                            page.text(.init(zh: "核实为辍学, 开始劝返", en: "Verify as a dropout"))
                        }
                    }
                }
                if let due = found.reportDue {
                    HTML.element("p", ["class": "banner"]) {
                        page.text(.init(zh: "应书面报告: ", en: "Written report due: ")) + due + " "
                        HTML.link(to: Self.prefix + "/cases/\(found.id)/report") { page.text(.init(zh: "登记书面报告", en: "Record it")) }
                    }
                }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "劝返记录", en: "Persuasion attempts")) }
                if found.attempts.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "尚无劝返记录", en: "No attempt yet")) }
                } else {
                    HTML.element("ul") {
                        for attempt in found.attempts {
                            HTML.element("li") {
                                "\(attempt.attemptedOn) · " + page.text(DropoutLabels.party(attempt.party)) + " " + attempt.by + " · "
                                    + page.text(DropoutLabels.method(attempt.method)) + " · "
                                    + page.text(DropoutLabels.outcome(attempt.outcome))
                                    + (attempt.note.map { " · " + $0 } ?? "")
                            }
                        }
                    }
                }
                if found.state.acceptsAttempts {
                    page.form(post: Self.prefix + "/cases/\(found.id)") {
                        page.choice(
                            "party", label: .init(zh: "劝返人员所属", en: "Party"),
                            PersuasionAttempt.Party.allCases.map { ($0.rawValue, DropoutLabels.party($0)) })
                        page.field("by", label: .init(zh: "劝返人员", en: "Who went"), required: true)
                        page.field(
                            "attemptedOn", label: .init(zh: "日期", en: "Date"), type: "date", value: page.call.clock.today().description)
                        page.choice(
                            "method", label: .init(zh: "方式", en: "Method"),
                            PersuasionAttempt.Method.allCases.map { ($0.rawValue, DropoutLabels.method($0)) })
                        page.choice(
                            "outcome", label: .init(zh: "结果", en: "Outcome"),
                            PersuasionAttempt.Outcome.allCases.map { ($0.rawValue, DropoutLabels.outcome($0)) })
                        page.field("note", label: .init(zh: "备注", en: "Note"))
                        HTML.element("button", ["type": "submit", "class": "primary"]) {
                            page.text(.init(zh: "登记劝返", en: "Record the attempt"))
                        }
                    }
                }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "书面报告与依法督促", en: "Written reports and legal measures")) }
                HTML.element("ul") {
                    for report in found.reports {
                        HTML.element("li") { "\(report.reportedOn) · \(report.recipients.joined(separator: "、")) · \(report.content)" }
                    }
                    for measure in found.legalMeasures {
                        HTML.element("li") { "\(measure.takenOn) · \(measure.measure)" + (measure.note.map { " · " + $0 } ?? "") }
                    }
                }
                if found.reports.isEmpty && found.legalMeasures.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有", en: "None")) }
                }
                if found.state == .reported || found.state == .legal, page.call.holds(DropoutPermissions.caseEscalate, in: found.district) {
                    HTML.element("p") {
                        HTML.link(to: Self.prefix + "/cases/\(found.id)/legal-measures") {
                            page.text(.init(zh: "登记依法督促措施", en: "Record a legal measure"))
                        }
                    }
                }
            }
        }
    }

    /// The plans below their frequency in `month` (送教上门未达标).
    func compliance(_ page: PageCall, district: DistrictCode, month: CalendarDate, _ list: [HomeTeachingRepository.Shortfall]) -> HTML {
        HTML {
            HTML.element("form", ["method": "get", "action": Self.prefix + "/home-teaching", "class": "filters"]) {
                page.field("district", label: .init(zh: "区划代码", en: "District code"), value: district.description)
                page.field("month", label: .init(zh: "月份", en: "Month"), type: "month", value: String(month.description.prefix(7)))
                HTML.element("button", ["type": "submit"]) { page.text(.init(zh: "筛选", en: "Filter")) }
            }
            if page.call.holds(DropoutPermissions.teachingWrite, in: district) {
                HTML.element("p") { HTML.link(to: Self.prefix + "/home-teaching/plans") { page.text(Self.planTitle) } }
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "未达送教频次的计划", en: "Plans below their frequency")) }
                if list.isEmpty {
                    HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "本月全部达标", en: "Every plan met its frequency")) }
                } else {
                    HTML.element("ul") {
                        for shortfall in list {
                            HTML.element("li") { "\(shortfall.name) · \(shortfall.school) · \(shortfall.made)/\(shortfall.required)" }
                        }
                    }
                }
            }
        }
    }

    func reportForm(_ page: PageCall, _ found: DropoutCase) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            HTML.element("p") { HTML.link(to: Self.prefix + "/cases/\(found.id)") { found.name } }
            page.form(post: Self.prefix + "/cases/\(found.id)/report") {
                page.field(
                    "content", label: .init(zh: "报告内容 (报县教育局和乡镇政府)", en: "Content (to the county bureau and township)"), required: true)
                page.field("reportedOn", label: .init(zh: "报告日期", en: "Date"), type: "date", value: page.call.clock.today().description)
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "登记书面报告", en: "Record the report")) }
            }
        }
    }
}

extension Term {
    /// The term `today` falls in: from September the autumn term, January still the autumn term of the year before,
    /// February to August the spring term.
    static func current(on today: CalendarDate) -> Term {
        let (year, half): (Int, Half) =
            today.month >= 9 ? (today.year, .autumn) : today.month == 1 ? (today.year - 1, .autumn) : (today.year, .spring)
        return Term(year: year, half: half)
    }

    private init(year: Int, half: Half) {
        self.year = year
        self.half = half
    }
}

extension ComparisonRepository.Counts {
    subscript(_ ledger: ComparisonRepository.Ledger) -> Int {
        switch ledger {
        case .outOfSchool: outOfSchool
        case .suspected: suspected
        case .dropout: dropout
        }
    }
}
