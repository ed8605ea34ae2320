import Contract
import Foundation

/// 工作清单 — the work lists of the API's `/worklists/overdue` and `/worklists/due-soon` as a page: the children of a
/// district whose visit is overdue (or due within the days asked), the most urgent first, counts by the districts one
/// level down (each a link to its own list), every child a link to the file, and the export links (CSV, xlsx) of the
/// roster export for the overdue list. The district defaults to the caller's own.
struct WorklistPages {
    let files: FileRepository
    static let title = Localized(zh: "工作清单", en: "Work lists")
    static let list = QueryInput<Bool>.choice(
        "list", "overdue 逾期 / due-soon 近期应走访", [("overdue", true), ("due-soon", false)], default: "overdue")

    var pages: [Page] {
        [
            Page(
                .get, "/worklists", title: Self.title, access: .permission(RegistryPermissions.childRead),
                navigation: .init(Self.title, order: 20),
                inputs: [Self.list, RosterQuery.district, WorklistEndpoints.days, WorklistEndpoints.limit]
            ) { _, page in
                .content(try await worklist(page))
            },
            Page(
                .get, "/exports/roster", title: .init(zh: "导出名册", en: "Export the roster"),
                access: .permission(RegistryPermissions.fileExport),
                inputs: [RegistryInputs.district, ExportEndpoint.format] + RosterQuery.filters
            ) { request, page in
                // The API's export itself (streamed, masked by permission, audited), reached through the cookie session.
                .response(try await ExportEndpoint(files: files).endpoint.handler(request, page.call))
            }
        ]
    }

    func worklist(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let overdue = try call.input(Self.list)
        let district = try RegistryPages.chosenDistrict(try call.input(RosterQuery.district), call, RegistryPermissions.childRead)
        let days = try call.input(WorklistEndpoints.days)
        let limit = try call.input(WorklistEndpoints.limit)
        let today = call.clock.today()
        let before = overdue ? today : today.adding(days: days + 1)
        let list = try await call.transaction(narrowedTo: district) { connection in
            try await WorklistRepository(context: call.context).visitsDue(
                in: district, before: before, today: today, limit: limit, connection)
        }
        let here = try await RegistryPages.districtName(district, call)
        var counts: [(DistrictCode, String, Int)] = []
        for count in list.byDistrict where count.district != district {
            counts.append((count.district, try await RegistryPages.districtName(count.district, call), count.count))
        }
        let mayExport = call.holds(RegistryPermissions.fileExport, in: district)
        return HTML {
            HTML.element("p", ["class": "filters"]) {
                Self.tab(page, .init(zh: "逾期未走访", en: "Overdue"), code: "overdue", district: district, chosen: overdue)
                " · "
                Self.tab(
                    page, .init(zh: "近期应走访 (含逾期)", en: "Due soon, overdue included"), code: "due-soon", district: district, chosen: !overdue
                )
            }
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") {
                    here + " · "
                        + page.text(
                            overdue ? .init(zh: "逾期未走访", en: "Overdue visits") : .init(zh: "\(days) 天内应走访", en: "Due within \(days) days"))
                        + " · " + page.text(.init(zh: "共 \(list.total) 名", en: "\(list.total) children"))
                }
                if !counts.isEmpty {
                    HTML.element("ul") {
                        for (code, name, count) in counts {
                            HTML.element("li") {
                                HTML.link(to: Self.href(overdue: overdue, district: code)) { name }
                                " · " + String(count)
                            }
                        }
                    }
                }
                if mayExport && overdue {
                    HTML.element("p") {
                        page.text(.init(zh: "导出逾期名单: ", en: "Export the overdue list: "))
                        HTML.link(to: Self.exportHref(district: district, format: "csv", overdue: true)) { "CSV" }
                        " · "
                        HTML.link(to: Self.exportHref(district: district, format: "xlsx", overdue: true)) { "Excel (xlsx)" }
                    }
                }
            }
            if list.children.isEmpty {
                HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有应走访的儿童", en: "No visit is due")) }
            } else {
                RegistryPages(files: files).rosterTable(page, list.children, today: today)
                if list.total > list.children.count {
                    HTML.element("p", ["class": "muted"]) {
                        page.text(
                            .init(zh: "只列出最紧急的 \(list.children.count) 名", en: "Only the \(list.children.count) most urgent are listed"))
                    }
                }
            }
        }
    }

    static func tab(_ page: PageCall, _ label: Localized, code: String, district: DistrictCode, chosen: Bool) -> HTML {
        if chosen { return HTML.element("strong") { page.text(label) } }
        return HTML.link(to: href(overdue: code == "overdue", district: district)) { page.text(label) }
    }

    static func href(overdue: Bool, district: DistrictCode) -> String {
        RegistryPages.prefix + "/worklists?" + [("list", overdue ? "overdue" : "due-soon"), ("district", district.description)].encodedQuery
    }

    /// The console's export link: the roster export's filters, `format` csv or xlsx.
    static func exportHref(district: DistrictCode, format: String, overdue: Bool? = nil, filter: [(String, String)] = []) -> String {
        var query = [("district", district.description), ("format", format)] + filter.filter { $0.0 != "district" }
        if let overdue { query.append(("overdue", overdue ? "true" : "false")) }
        return RegistryPages.prefix + "/exports/roster?" + query.encodedQuery
    }
}
