import Contract
import Foundation
import RegistryInterface

/// 工作台 — the registry's console pages: the roster with its filters and pinyin-initial search, a child's file (an
/// audited read; the ID number masked, unmasking its own audited action), and the home panels (the director's work
/// list of the week, the county's overdue visits by township as a bar chart). Each reads through the repositories and
/// typed inputs the API uses, in the caller's row-level-security scope.
struct RegistryPages {
    let files: FileRepository
    static let prefix = "/registry"
    static let roster = Localized(zh: "花名册", en: "Roster")

    var pages: [Page] {
        [
            Page(
                .get, "/roster", title: Self.roster, access: .permission(RegistryPermissions.childRead),
                navigation: .init(Self.roster, order: 10),
                inputs: [RosterQuery.district] + RosterQuery.filters + [QueryInput.after, RegistryInputs.limit]
            ) { _, page in
                .content(try await rosterPage(page))
            },
            Page(
                .get, "/children/{id}", title: FileEndpoints.file, access: .permission(RegistryPermissions.childRead),
                inputs: [RegistryInputs.child]
            ) { _, page in
                .content(try await filePage(page, revealed: nil))
            },
            Page(
                .post, "/children/{id}/reveal", title: FileEndpoints.file, access: .permission(RegistryPermissions.piiRead),
                inputs: [RegistryInputs.child]
            ) { _, page in
                let id = try page.call.input(RegistryInputs.child)
                let today = page.call.clock.today()
                guard let sealed = try await page.call.transaction({ try await files.view(id, today: today, $0) }) else {
                    throw Problem.notFound(FileEndpoints.file)
                }
                let shown = await page.call.reveal(
                    RegistryPermissions.piiRead, in: [sealed.file.residenceDistrict, sealed.file.hukouDistrict], audit: "pii.reveal",
                    entity: "file", entityID: id.uuidString, child: id
                ) { files.unmasked(sealed) }
                guard let shown else { throw Problem.notFound(FileEndpoints.file) }
                return .content(try await filePage(page, revealed: shown))
            }
        ] + VisitPages(visits: VisitEndpoints(files: files)).pages + WorklistPages(files: files).pages
            + ConfirmationPages(files: files).pages
            + TransferPages(transfers: TransferRepository(context: files.context), files: files).pages
            + SurveyPages(surveys: SurveyRepository(context: files.context)).pages
            + WorkforcePages(workforce: WorkforceRepository(context: files.context)).pages + UploadPages().pages
    }

    var panels: [HomePanel] {
        [
            HomePanel(title: .init(zh: "本周应走访与逾期", en: "Visits due this week and overdue"), permission: RegistryPermissions.visitRecord) {
                try await workList($0)
            },
            HomePanel(title: .init(zh: "各乡镇逾期走访", en: "Overdue visits by township"), permission: RegistryPermissions.indicatorRead) {
                try await overdueChart($0)
            }
        ]
    }

    // MARK: Roster

    func rosterPage(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let (filter, rows) = try await RosterQuery.page(call, files)
        let today = call.clock.today()
        let query = Self.query(of: filter)
        // The name searched for is shown again only beside the children it found: a search that found none in the
        // caller's scope answers nothing that names a child.
        return HTML {
            HTML.element("form", ["method": "get", "action": Self.prefix + "/roster", "class": "filters panel"]) {
                page.field(
                    "name", label: .init(zh: "姓名或拼音首字母", en: "Name or pinyin initials"), type: "search",
                    value: rows.isEmpty ? "" : filter.namePrefix ?? "")
                Self.select(
                    page, "category", label: .init(zh: "类别", en: "Category"),
                    options: ChildCategory.national.map { ($0.rawValue, page.text($0.title)) }, chosen: filter.category)
                colourChoice(page, chosen: filter.colour)
                page.field(
                    "minAge", label: .init(zh: "最小周岁", en: "Minimum age"), type: "number", value: filter.minimumAge.map(String.init) ?? "")
                page.field(
                    "maxAge", label: .init(zh: "最大周岁", en: "Maximum age"), type: "number", value: filter.maximumAge.map(String.init) ?? "")
                HTML.element("p", ["class": "field"]) {
                    HTML.element("label") {
                        if filter.overdue == true {
                            HTML.void("input", ["type": "checkbox", "name": "overdue", "value": "true", "checked": "checked"])
                        } else {
                            HTML.void("input", ["type": "checkbox", "name": "overdue", "value": "true"])
                        }
                        " " + page.text(.init(zh: "只看逾期", en: "Overdue only"))
                    }
                }
                HTML.element("p", ["class": "field"]) {
                    HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "筛选", en: "Filter")) }
                }
            }
            if rows.isEmpty {
                HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有符合条件的儿童", en: "No child matches")) }
            } else {
                rosterTable(page, rows, today: today)
            }
            HTML.element("p") {
                if rows.count == filter.limit, let last = rows.last {
                    HTML.link(to: Self.prefix + "/roster?" + (query + [("after", last.id.uuidString)]).encodedQuery) {
                        page.text(.init(zh: "下一页", en: "Next page"))
                    }
                    " · "
                }
                HTML.link(to: Self.prefix + "/roster") { page.text(.init(zh: "清除筛选", en: "Clear the filters")) }
            }
            if let district = Self.districts(call, RegistryPermissions.fileExport).first.map({ filter.district ?? $0 }),
                call.holds(RegistryPermissions.fileExport, in: district)
            {
                HTML.element("p") {
                    page.text(.init(zh: "导出筛选结果: ", en: "Export what the filters select: "))
                    HTML.link(to: WorklistPages.exportHref(district: district, format: "csv", filter: query)) { "CSV" }
                    " · "
                    HTML.link(to: WorklistPages.exportHref(district: district, format: "xlsx", filter: query)) { "Excel (xlsx)" }
                }
            }
        }
    }

    func colourChoice(_ page: PageCall, chosen: String?) -> HTML {
        Self.select(
            page, "colour", label: .init(zh: "风险颜色", en: "Risk colour"),
            options: RiskColour.allCases.map { ($0.rawValue, Self.colourName($0.rawValue, page)) }, chosen: chosen)
    }

    func rosterTable(_ page: PageCall, _ rows: [RosterEntry], today: CalendarDate) -> HTML {
        Self.table(
            page,
            [
                Localized(zh: "姓名", en: "Name"), .init(zh: "身份证号", en: "ID number"), .init(zh: "出生日期", en: "Born"),
                .init(zh: "类别", en: "Categories"), .init(zh: "颜色", en: "Colour"), .init(zh: "下次走访", en: "Next visit")
            ]
        ) {
            for row in rows {
                HTML.element("tr") {
                    HTML.element("td") { HTML.link(to: Self.prefix + "/children/\(row.id.uuidString)") { row.name } }
                    HTML.element("td") { row.idNumberMasked }
                    HTML.element("td") { row.birthDate.description }
                    HTML.element("td") { Self.categoryNames(row.categories, page) }
                    HTML.element("td") { Self.colourName(row.riskColour, page) }
                    HTML.element("td") {
                        row.nextVisitDue.description
                        if row.nextVisitDue < today {
                            " "
                            HTML.element("strong", ["class": "error"]) { page.text(.init(zh: "逾期", en: "overdue")) }
                        }
                    }
                }
            }
        }
    }

    /// The filter as query parameters, for the next page's link.
    static func query(of filter: FileRepository.RosterFilter) -> [(String, String)] {
        [
            ("district", filter.district?.description), ("category", filter.category), ("colour", filter.colour),
            ("overdue", filter.overdue.map { $0 ? "true" : "false" }), ("minAge", filter.minimumAge.map(String.init)),
            ("maxAge", filter.maximumAge.map(String.init)), ("name", filter.namePrefix)
        ].compactMap { name, value in value.map { (name, $0) } }
    }

    // MARK: A child's file

    /// The file as the API's `GET /children/{id}` reads it (audited `file.read`), the ID number masked unless
    /// `revealed` (the reveal form's answer) is given.
    func filePage(_ page: PageCall, revealed: ChildFileView?) async throws -> HTML {
        let call = page.call
        let id = try call.input(RegistryInputs.child)
        let today = call.clock.today()
        guard let sealed = try await call.transaction({ try await files.view(id, today: today, $0) }) else {
            throw Problem.notFound(FileEndpoints.file)
        }
        call.auditRead("file.read", entity: "file", entityID: id.uuidString, child: id)
        let file = revealed ?? sealed.file
        let mayReveal =
            revealed == nil && [file.residenceDistrict, file.hukouDistrict].contains { call.holds(RegistryPermissions.piiRead, in: $0) }
        return HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { file.name }
                HTML.element("dl") {
                    fact(page, .init(zh: "身份证号", en: "ID number"), file.idNumber ?? file.idNumberMasked)
                    fact(page, .init(zh: "出生日期", en: "Born"), file.birthDate.description)
                    fact(page, .init(zh: "居住地", en: "Residence"), file.residenceDistrict.description)
                    fact(page, .init(zh: "户籍地", en: "Household registration"), file.hukouDistrict.description)
                    fact(page, .init(zh: "风险颜色", en: "Risk colour"), Self.colourName(file.riskColour, page))
                    fact(page, .init(zh: "上次走访", en: "Last visit"), file.lastVisitOn?.description ?? "—")
                    fact(
                        page, .init(zh: "下次走访", en: "Next visit"),
                        file.nextVisitDue.description + (file.overdue ? " · " + page.text(.init(zh: "逾期", en: "overdue")) : ""))
                    for (key, value) in file.details.sorted(by: { $0.key < $1.key }) { fact(page, .init(zh: key, en: key), value) }
                }
                if call.holds(RegistryPermissions.visitRecord, in: file.responsibleDistrict) {
                    HTML.element("p") {
                        HTML.link(to: Self.prefix + "/children/\(id.uuidString)/visits/new", ["class": "primary"]) {
                            page.text(VisitPages.title)
                        }
                    }
                }
                if mayReveal {
                    page.form(post: Self.prefix + "/children/\(id.uuidString)/reveal") {
                        HTML.element("button", ["type": "submit"]) {
                            page.text(.init(zh: "查看完整身份证号 (记入审计)", en: "Show the full ID number (audited)"))
                        }
                    }
                }
            }
            section(page, .init(zh: "类别与认定依据", en: "Categories and why")) {
                for category in file.categories {
                    HTML.element("li") {
                        HTML.element("strong") { page.text(category.category.title) }
                        " · " + page.text(.init(zh: "自", en: "since")) + " " + category.starts.description
                        if let rule = category.rule { " · " + page.text(.init(zh: "规则", en: "rule")) + " " + rule }
                        if !category.facts.isEmpty {
                            " · " + page.text(.init(zh: "依据", en: "facts")) + " " + category.facts.joined(separator: "; ")
                        }
                        if let reason = category.reason { " · " + reason }
                    }
                }
            }
            section(page, .init(zh: "父母状况", en: "Parents")) {
                for parent in file.parents {
                    HTML.element("li") { parent.summary }
                }
            }
            section(page, .init(zh: "走访记录", en: "Visits")) {
                for visit in file.recentVisits {
                    HTML.element("li") {
                        visit.visitedOn.description + " · " + visit.visitor + " · " + Self.modeName(visit.mode, page) + " · "
                            + Self.colourName(visit.colourAfter, page)
                        if !visit.reviewed { " · " + page.text(.init(zh: "待督导员确认", en: "awaiting the supervisor")) }
                    }
                }
            }
            if let pending = file.pendingRiskChange {
                HTML.element("p", ["class": "banner"]) {
                    page.text(.init(zh: "待确认的颜色调整: ", en: "Colour change awaiting confirmation: "))
                        + Self.colourName(pending.colour, page) + " · " + pending.reason
                }
            }
            section(page, .init(zh: "书面照护协议", en: "Care agreements")) {
                for agreement in file.careAgreements {
                    HTML.element("li") { agreement.carerName + " · " + agreement.relationship + " · " + agreement.signedOn.description }
                }
            }
            if let transfer = file.pendingTransfer {
                section(page, .init(zh: "转移", en: "Transfers")) {
                    HTML.element("li") { transfer.toDistrict.description + " · " + transfer.reason }
                }
            }
        }
    }

    func fact(_ page: PageCall, _ name: Localized, _ value: String) -> HTML {
        HTML {
            HTML.element("dt") { page.text(name) }
            HTML.element("dd") { value }
        }
    }

    func section(_ page: PageCall, _ title: Localized, @HTMLBuilder _ items: () -> HTML) -> HTML {
        let content = items()
        return HTML.element("section", ["class": "panel"]) {
            HTML.element("h2") { page.text(title) }
            if content == .empty {
                HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "无", en: "None")) }
            } else {
                HTML.element("ul") { content }
            }
        }
    }

    // MARK: Home panels

    /// The caller's districts where their roles grant `permission`.
    static func districts(_ call: Call, _ permission: Permission) -> [DistrictCode] {
        call.districts(granting: permission)
    }

    /// 工作清单 — the children of the director's villages whose visit is overdue or due within 7 days.
    func workList(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let today = call.clock.today()
        var rows: [RosterEntry] = []
        for district in Self.districts(call, RegistryPermissions.visitRecord) {
            let list = try await call.transaction(narrowedTo: district) { connection in
                try await WorklistRepository(context: call.context).visitsDue(
                    in: district, before: today.adding(days: 8), today: today, limit: 50, connection)
            }
            rows += list.children
        }
        if rows.isEmpty {
            return HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "本周没有应走访的儿童", en: "No visit due this week")) }
        }
        return rosterTable(page, rows, today: today)
    }

    /// The overdue visits of the caller's counties, one bar per township, drawn as inline SVG (no script).
    func overdueChart(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let today = call.clock.today()
        var bars: [(String, Int)] = []
        for district in Self.districts(call, RegistryPermissions.indicatorRead) where (district.level ?? 5) <= 3 {
            let list = try await call.transaction(narrowedTo: district) { connection in
                try await WorklistRepository(context: call.context).visitsDue(
                    in: district, before: today, today: today, limit: 1, connection)
            }
            for count in list.byDistrict {
                bars.append((try await call.context.districts.find(count.district)?.name ?? count.district.description, count.count))
            }
        }
        guard !bars.isEmpty else { return HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有逾期走访", en: "No overdue visit")) } }
        return Self.barChart(bars, label: page.text(.init(zh: "各乡镇逾期走访人数", en: "Overdue visits by township")))
    }

    /// A horizontal bar chart: one row per (name, count), the longest bar the largest count.
    static func barChart(_ bars: [(String, Int)], label: String) -> HTML {
        let most = max(1, bars.map(\.1).max() ?? 1)
        let rowHeight = 28
        return HTML.element(
            "svg",
            ["viewBox": "0 0 600 \(bars.count * rowHeight + 8)", "width": "100%", "role": "img", "aria-label": label, "class": "chart"]
        ) {
            HTML.element("title") { label }
            for (index, bar) in bars.enumerated() {
                let y = index * rowHeight + 4
                let width = max(2, bar.1 * 380 / most)
                HTML.element("text", ["x": "0", "y": "\(y + 18)", "font-size": "14"]) { bar.0 }
                HTML.element("rect", ["x": "160", "y": "\(y + 4)", "width": "\(width)", "height": "18", "fill": "#8a1c1c"])
                HTML.element("text", ["x": "\(166 + width)", "y": "\(y + 18)", "font-size": "14"]) { String(bar.1) }
            }
        }
    }
}

extension [(String, String)] {
    /// `name=value&…`, each value percent-encoded.
    var encodedQuery: String {
        map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }
}
