import Contract
import Foundation
import Schedules

extension HealthPages {
    /// The API's `/worklist` as a page: one list (recalls, rescreens, referrals waiting) of a district's subtree, one
    /// keyset page at a time, every chain a link to its page.
    func worklist(_ page: PageCall, _ worklists: WorklistRepository) async throws -> HTML {
        let call = page.call
        let list = try call.input(WorklistEndpoints.list)
        let status = try call.input(WorklistEndpoints.status)
        let district = try Self.chosenDistrict(page, HealthScreeningPermissions.newbornRead)
        let after = try call.input(QueryInput.after)
        let limit = try call.input(WorklistEndpoints.limit)
        let now = call.clock.now()
        let entries = try await call.transaction { connection in
            try await worklists.entries(list, status: status, in: district, after: after, limit: limit + 1, now: now, on: connection)
        }
        let shown = Array(entries.prefix(limit))
        let statusCode = status.rawValue
        func href(_ list: WorklistRepository.List, _ status: String) -> String {
            Self.prefix + "/worklist?list=\(list.rawValue)&status=\(status)&district=\(district)"
        }
        return HTML {
            HTML.element("p", ["class": "filters"]) {
                for (index, each) in WorklistRepository.List.allCases.enumerated() {
                    if index > 0 { " · " }
                    if each == list {
                        HTML.element("strong") { page.text(HealthLabels.list(each)) }
                    } else {
                        HTML.link(to: href(each, statusCode)) { page.text(HealthLabels.list(each)) }
                    }
                }
            }
            if list != .referrals {
                HTML.element("p", ["class": "filters"]) {
                    for (index, each) in [ScheduleItemStatus.due, .overdue, .missed].enumerated() {
                        if index > 0 { " · " }
                        if each == status {
                            HTML.element("strong") { page.text(HealthLabels.status(each)) }
                        } else {
                            HTML.link(to: href(list, each.rawValue)) { page.text(HealthLabels.status(each)) }
                        }
                    }
                }
            }
            HTML.element("form", ["method": "get", "action": Self.prefix + "/worklist", "class": "filters"]) {
                HTML.void("input", ["type": "hidden", "name": "list", "value": list.rawValue])
                HTML.void("input", ["type": "hidden", "name": "status", "value": statusCode])
                page.field("district", label: .init(zh: "区划代码", en: "District code"), value: district.description)
                HTML.element("button", ["type": "submit"]) { page.text(.init(zh: "筛选", en: "Filter")) }
            }
            if shown.isEmpty {
                HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "清单为空", en: "Nothing on this list")) }
            } else if list == .referrals {
                page.table([
                    Localized(zh: "病种/残疾", en: "Condition"), .init(zh: "出生医院", en: "Hospital"), .init(zh: "住院号", en: "Record"),
                    .init(zh: "区划", en: "District"), .init(zh: "接收机构", en: "Receiving institution"), .init(zh: "转诊时间", en: "Referred")
                ]) {
                    for entry in shown {
                        HTML.element("tr") {
                            HTML.element("td") { chainCell(page, entry) }
                            HTML.element("td") { entry.hospital ?? "—" }
                            HTML.element("td") { entry.hospitalRecord ?? "—" }
                            HTML.element("td") { entry.district.description }
                            HTML.element("td") { entry.referredTo ?? "—" }
                            HTML.element("td") { Self.shown(entry.referredAt) }
                        }
                    }
                }
            } else {
                page.table([
                    Localized(zh: "病种", en: "Condition"), .init(zh: "出生医院", en: "Hospital"), .init(zh: "住院号", en: "Record"),
                    .init(zh: "区划", en: "District"), .init(zh: "应完成起", en: "Due from"), .init(zh: "截止", en: "Due by"),
                    .init(zh: "状态", en: "Status")
                ]) {
                    for entry in shown {
                        HTML.element("tr") {
                            HTML.element("td") { chainCell(page, entry) }
                            HTML.element("td") { entry.hospital ?? "—" }
                            HTML.element("td") { entry.hospitalRecord ?? "—" }
                            HTML.element("td") { entry.district.description }
                            HTML.element("td") { Self.shown(entry.dueFrom) }
                            HTML.element("td") { Self.shown(entry.dueBy) }
                            HTML.element("td") { entry.status.map { page.text(HealthLabels.status($0)) } ?? "—" }
                        }
                    }
                }
            }
            if entries.count > limit, let last = shown.last {
                HTML.element("p") {
                    HTML.link(to: href(list, statusCode) + "&after=\(last.id)") { page.text(.init(zh: "下一页", en: "Next page")) }
                }
            }
        }
    }

    /// The entry's condition, a link to its chain where it has one.
    func chainCell(_ page: PageCall, _ entry: WorklistEntry) -> HTML {
        if let chain = entry.chain { return HTML.link(to: Self.prefix + "/chains/\(chain)") { page.text(entry.title) } }
        return HTML(text: page.text(entry.title))
    }
}
