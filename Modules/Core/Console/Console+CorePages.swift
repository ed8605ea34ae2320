import Contract
import Foundation
import Hummingbird

/// The core's pages: the home page every role lands on (the programmes' panels), the district tree, the users and
/// their grants for administrators (``userPages``), the audit log with its CSV export for auditors, and the signed-in
/// user's second factor (``secondFactorPages``).
extension Console {
    static let homeTitle = Localized(zh: "首页", en: "Home")

    var corePages: [Page] {
        [
            Page(.get, "/home", title: Self.homeTitle, access: .signedIn, navigation: .init(Self.homeTitle, order: 0)) { _, page in
                .content(try await home(page))
            },
            Page(
                .get, "/districts", title: .init(zh: "行政区划", en: "Districts"), access: .permission(CorePermissions.districtRead),
                navigation: .init(.init(zh: "行政区划", en: "Districts"), order: 10), inputs: [Self.district]
            ) { _, page in
                .content(try await districts(page))
            },
            Page(
                .get, "/audit", title: .init(zh: "审计日志", en: "Audit log"), access: .permission(CorePermissions.auditRead),
                navigation: .init(.init(zh: "审计日志", en: "Audit log"), order: 30), inputs: AuditQuery.inputs
            ) { _, page in
                .content(try await auditPage(page))
            },
            Page(
                .get, "/audit/export", title: .init(zh: "导出审计日志", en: "Export the audit log"),
                access: .permission(CorePermissions.auditRead), inputs: AuditQuery.inputs
            ) { _, page in
                let entries = try await AuditQuery.entries(page.call)
                return .file(mediaType: "text/csv; charset=utf-8", name: "审计日志.csv", bytes: try AuditQuery.csv(entries))
            }
        ] + userPages + secondFactorPages
    }

    /// The caller's roles where they hold them, then each programme panel the caller's permissions allow.
    func home(_ page: PageCall) async throws -> HTML {
        guard let principal = page.call.principal else { throw Problem.unauthenticated }
        var panels: [(HomePanel, HTML)] = []
        for programme in programmes {
            for panel in programme.panels(context) {
                let scope = principal.scope(for: panel.permission, in: context.roles)
                guard !scope.isEmpty else { continue }
                let call = page.call.part(of: type(of: programme).id, scope: scope)
                panels.append((panel, try await panel.render(PageCall(call: call, formToken: page.formToken))))
            }
        }
        let names = try await districtNames(principal.grants.map(\.district))
        return HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { page.text(.init(zh: "我的角色", en: "My roles")) }
                HTML.element("ul") {
                    for grant in principal.grants {
                        HTML.element("li") {
                            page.text(context.roles.roles[grant.role]?.title ?? .init(zh: grant.role, en: grant.role)) + " · "
                                + (names[grant.district] ?? grant.district.description)
                        }
                    }
                }
            }
            for (panel, content) in panels {
                HTML.element("section", ["class": "panel"]) {
                    HTML.element("h2") { page.text(panel.title) }
                    content
                }
            }
        }
    }

    func districtNames(_ codes: [DistrictCode]) async throws -> [DistrictCode: String] {
        var names: [DistrictCode: String] = [:]
        for code in Set(codes) { names[code] = try await context.districts.find(code)?.name }
        return names
    }

    static let district = QueryInput.district("code", "12 位统计用区划代码: 显示其下级").optional

    /// One district and its sub-districts, each a link one level down; without `code` the caller's own districts.
    func districts(_ page: PageCall) async throws -> HTML {
        let codes: [DistrictCode] =
            if let code = try page.call.input(Self.district) {
                [code]
            } else {
                page.call.principal?.grants.filter { context.roles.grants($0.role, CorePermissions.districtRead) }.map(\.district) ?? []
            }
        var shown: [(District, [District])] = []
        for code in codes {
            guard let district = try await context.districts.find(code) else { throw Problem.notFound(.init(zh: "区划", en: "District")) }
            shown.append((district, try await context.districts.children(of: code)))
        }
        return HTML {
            for (district, children) in shown {
                HTML.element("section", ["class": "panel tree"]) {
                    HTML.element("h2") {
                        district.name + " "
                        HTML.element("span", ["class": "muted"]) {
                            district.code.description + " · " + District.levelNames[max(0, min(4, district.level - 1))]
                        }
                    }
                    if let parent = district.parent, page.call.scope.contains(parent) {
                        HTML.element("p") {
                            HTML.link(to: "/districts?code=\(parent)") { page.text(.init(zh: "上级区划", en: "Parent district")) }
                        }
                    }
                    if children.isEmpty {
                        HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有下级区划", en: "No sub-districts")) }
                    } else {
                        HTML.element("ul") {
                            for child in children {
                                HTML.element("li") {
                                    HTML.link(to: "/districts?code=\(child.code)") { child.name }
                                    " "
                                    HTML.element("span", ["class": "muted"]) { child.code.description }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The audit query form, its answer as a table, and the same query as a CSV download.
    func auditPage(_ page: PageCall) async throws -> HTML {
        let entries = try await AuditQuery.entries(page.call)
        return HTML {
            HTML.element("form", ["method": "get", "action": "/audit", "class": "filters"]) {
                page.field("actor", label: .init(zh: "操作人", en: "Actor"))
                page.field("child", label: .init(zh: "儿童编号", en: "Child id"))
                page.field("from", label: .init(zh: "起始日期", en: "From"), type: "date")
                page.field("to", label: .init(zh: "截止日期", en: "To"), type: "date")
                HTML.element("p") {
                    HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "查询", en: "Search")) }
                    " "
                    HTML.element("button", ["type": "submit", "formaction": "/audit/export"]) {
                        page.text(.init(zh: "导出 CSV", en: "Export CSV"))
                    }
                }
            }
            HTML.element("div", ["class": "scroll"]) {
                HTML.element("table") {
                    HTML.element("thead") {
                        HTML.element("tr") {
                            for heading in AuditQuery.headings { HTML.element("th", ["scope": "col"]) { page.text(heading) } }
                        }
                    }
                    HTML.element("tbody") {
                        for entry in entries {
                            HTML.element("tr") {
                                for cell in AuditQuery.cells(entry) { HTML.element("td") { cell } }
                            }
                        }
                    }
                }
            }
        }
    }
}
