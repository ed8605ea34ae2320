import Contract
import Foundation

/// 摸排轮次 — survey rounds (一年两排) covering the caller's districts, as the API's `/survey-rounds` lists them, and
/// the progress of the chosen round (the latest by default) in a district (the caller's own by default): checked over
/// children, and per district one level down as bars, each a link to that district's progress.
struct SurveyPages {
    let surveys: SurveyRepository
    static let title = Localized(zh: "摸排轮次", en: "Survey rounds")
    static let round = QueryInput.integer("round", "排查轮次编号", in: 1...Int.max).optional

    var pages: [Page] {
        [
            Page(
                .get, "/survey-rounds", title: Self.title, access: .permission(RegistryPermissions.indicatorRead),
                navigation: .init(Self.title, order: 50), inputs: [Self.round, RosterQuery.district]
            ) { _, page in
                .content(try await progress(page))
            }
        ]
    }

    func progress(_ page: PageCall) async throws -> HTML {
        let call = page.call
        let asked = try call.input(Self.round).map(Int64.init)
        let district = try RegistryPages.chosenDistrict(try call.input(RosterQuery.district), call, RegistryPermissions.indicatorRead)
        let (rounds, progress) = try await call.transaction(narrowedTo: district) { connection in
            let rounds = try await surveys.list(limit: 20, connection)
            if let asked, !rounds.contains(where: { $0.id == asked }) { throw Problem.notFound(SurveyEndpoints.round) }
            guard let round = rounds.first(where: { $0.id == asked }) ?? rounds.first else { return (rounds, nil as SurveyProgress?) }
            return (rounds, try await surveys.progress(of: round, in: district, connection))
        }
        var parts: [(DistrictCode, String, Int, Int)] = []
        for part in progress?.byDistrict ?? [] {
            parts.append((part.district, try await RegistryPages.districtName(part.district, call), part.children, part.checked))
        }
        let here = try await RegistryPages.districtName(district, call)
        return HTML {
            if rounds.isEmpty {
                HTML.element("p", ["class": "muted"]) { page.text(.init(zh: "本辖区还没有排查轮次", en: "No survey round covers your districts")) }
            } else {
                HTML.element("section", ["class": "panel"]) {
                    HTML.element("h2") { page.text(.init(zh: "轮次", en: "Rounds")) }
                    HTML.element("ul") {
                        for round in rounds {
                            HTML.element("li") {
                                if round.id == progress?.round.id {
                                    HTML.element("strong") { round.title }
                                } else {
                                    HTML.link(to: Self.href(round: round.id, district: district)) { round.title }
                                }
                                " · " + round.opensOn.description + " – " + round.closesOn.description
                            }
                        }
                    }
                }
            }
            if let progress {
                HTML.element("section", ["class": "panel"]) {
                    HTML.element("h2") {
                        progress.round.title + " · " + here + " · "
                            + page.text(
                                .init(
                                    zh: "已排查 \(progress.checked) / \(progress.children) 名",
                                    en: "\(progress.checked) of \(progress.children) checked"))
                            + (progress.rate.map { " (" + Self.percent($0) + ")" } ?? "")
                    }
                    if !parts.isEmpty {
                        RegistryPages.table(
                            page,
                            [
                                Localized(zh: "区划", en: "District"), .init(zh: "儿童", en: "Children"),
                                .init(zh: "已排查", en: "Checked"),
                                .init(zh: "进度", en: "Progress")
                            ]
                        ) {
                            for (code, name, children, checked) in parts {
                                HTML.element("tr") {
                                    HTML.element("td") {
                                        HTML.link(to: Self.href(round: progress.round.id, district: code)) { name }
                                    }
                                    HTML.element("td") { String(children) }
                                    HTML.element("td") { String(checked) }
                                    HTML.element("td") { children == 0 ? "—" : Self.percent(Double(checked) / Double(children)) }
                                }
                            }
                        }
                        RegistryPages.barChart(
                            parts.map { ($0.1, $0.3) }, label: page.text(.init(zh: "各区划已排查人数", en: "Children checked by district")))
                    }
                }
            }
        }
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    static func href(round: Int64, district: DistrictCode) -> String {
        RegistryPages.prefix + "/survey-rounds?" + [("round", String(round)), ("district", district.description)].encodedQuery
    }
}
