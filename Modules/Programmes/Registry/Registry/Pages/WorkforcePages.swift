import Contract
import Foundation

/// 工作队伍台账 — the child directors (儿童主任) and supervisors (儿童督导员) in post in a district (the caller's own by
/// default), as the API's `/workers` lists them (phones masked), and the coverage of `/workforce/coverage`: villages
/// with a director, townships with a supervisor, workers trained in the last year.
struct WorkforcePages {
    let workforce: WorkforceRepository
    static let title = Localized(zh: "工作队伍", en: "Workforce")

    var pages: [Page] {
        [
            Page(
                .get, "/workforce", title: Self.title, access: .permission(RegistryPermissions.indicatorRead),
                navigation: .init(Self.title, order: 60), inputs: [RosterQuery.district, WorkforceEndpoints.all]
            ) { _, page in
                .content(try await ledger(page))
            }
        ]
    }

    func ledger(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let district = try RegistryPages.chosenDistrict(try call.input(RosterQuery.district), call, RegistryPermissions.indicatorRead)
        let all = try call.input(WorkforceEndpoints.all)
        let today = call.clock.today()
        let (workers, coverage) = try await call.transaction(narrowedTo: district) { connection in
            (
                try await workforce.list(in: district, role: nil, includeEnded: all, today: today, connection),
                try await workforce.coverage(in: district, today: today, connection)
            )
        }
        var names: [DistrictCode: String] = [:]
        for code in Set(workers.map(\.district) + [district]) { names[code] = try await RegistryPages.districtName(code, call) }
        return HTML {
            HTML.element("section", ["class": "panel"]) {
                HTML.element("h2") { (names[district] ?? district.description) + " · " + page.text(.init(zh: "覆盖率", en: "Coverage")) }
                HTML.element("dl") {
                    Self.rate(
                        page, .init(zh: "村(居)儿童主任覆盖率", en: "Villages with a child director"), coverage.villagesWithDirector,
                        coverage.villages, coverage.directorCoverage)
                    Self.rate(
                        page, .init(zh: "乡镇(街道)儿童督导员覆盖率", en: "Townships with a supervisor"), coverage.townshipsWithSupervisor,
                        coverage.townships, coverage.supervisorCoverage)
                    HTML.element("dt") { page.text(.init(zh: "近一年参加培训的在职人员", en: "In post and trained in the last year")) }
                    HTML.element("dd") { coverage.trainedLastYear.map(SurveyPages.percent) ?? "—" }
                }
            }
            HTML.element("p") {
                if all {
                    HTML.link(to: Self.href(district: district, all: false)) { page.text(.init(zh: "只看在职", en: "In post only")) }
                } else {
                    HTML.link(to: Self.href(district: district, all: true)) { page.text(.init(zh: "含已离任", en: "Include those who left")) }
                }
            }
            if workers.isEmpty {
                HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "没有登记的工作人员", en: "No worker is recorded")) }
            } else {
                RegistryPages.table(
                    page,
                    [
                        Localized(zh: "姓名", en: "Name"), .init(zh: "岗位", en: "Post"), .init(zh: "区划", en: "District"),
                        .init(zh: "电话", en: "Phone"), .init(zh: "任职日期", en: "Appointed"), .init(zh: "离任", en: "Left"),
                        .init(zh: "培训 (次/学时)", en: "Trainings (count/hours)")
                    ]
                ) {
                    for worker in workers {
                        HTML.element("tr") {
                            HTML.element("td") { worker.name }
                            HTML.element("td") {
                                page.text(
                                    worker.role == .director
                                        ? .init(zh: "儿童主任", en: "Child director") : .init(zh: "儿童督导员", en: "Child supervisor"))
                            }
                            HTML.element("td") { names[worker.district] ?? worker.district.description }
                            HTML.element("td") { worker.phoneMasked ?? "—" }
                            HTML.element("td") { worker.appointedOn.description }
                            HTML.element("td") { worker.endedOn.map { $0.description + " " + (worker.endReason ?? "") } ?? "—" }
                            HTML.element("td") { "\(worker.trainings) / " + String(format: "%g", worker.trainingHours) }
                        }
                    }
                }
            }
        }
    }

    static func rate(_ page: PageCall, _ name: Localized, _ part: Int, _ whole: Int, _ share: Double?) -> HTML {
        HTML {
            HTML.element("dt") { page.text(name) }
            HTML.element("dd") { "\(part) / \(whole)" + (share.map { " (" + SurveyPages.percent($0) + ")" } ?? "") }
        }
    }

    static func href(district: DistrictCode, all: Bool) -> String {
        RegistryPages.prefix + "/workforce?" + [("district", district.description), ("all", all ? "true" : "false")].encodedQuery
    }
}
