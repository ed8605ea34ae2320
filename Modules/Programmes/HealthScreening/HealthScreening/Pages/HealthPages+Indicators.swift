import Contract
import Foundation

extension HealthPages {
    /// The API's `/indicators` as a page: a district's indicators over a period (by default the caller's district, from
    /// the first of the year to today), one row per condition, then every condition together, hearing 1-3-6 and the
    /// disability referrals accepted; a rate with nothing to count is "无数据", never 0.
    func indicatorsPage(_ page: PageCall, _ indicators: IndicatorRepository) async throws -> HTML {
        let call = page.call
        let district = try Self.chosenDistrict(page, HealthScreeningPermissions.newbornRead)
        let today = call.clock.today()
        let from = try call.input(Self.from) ?? CalendarDate(year: today.year, month: 1, day: 1) ?? today
        let to = try call.input(Self.to) ?? today
        guard from <= to else { throw Problem.invalid("to", "to 不能早于 from", "to must not be before from") }
        let found = try await call.transaction { try await indicators.indicators(in: district, from: from, to: to, on: $0) }
        return HTML {
            HTML.element("form", ["method": "get", "action": Self.prefix + "/indicators", "class": "filters"]) {
                page.field("district", label: .init(zh: "区划代码", en: "District code"), value: district.description)
                page.field("from", label: .init(zh: "出生日期自", en: "Born from"), type: "date", value: from.description)
                page.field("to", label: .init(zh: "出生日期至", en: "Born to"), type: "date", value: to.description)
                HTML.element("button", ["type": "submit"]) { page.text(.init(zh: "筛选", en: "Filter")) }
            }
            HTML.element("p") { page.text(.init(zh: "新生儿 \(found.births) 名", en: "\(found.births) newborns")) }
            page.table(
                [
                    Localized(zh: "病种", en: "Condition"), .init(zh: "筛查率", en: "Coverage"), .init(zh: "召回率", en: "Recall rate"),
                    .init(zh: "确诊时间中位数 (天)", en: "Median days to confirmation"), .init(zh: "治疗及时率", en: "Treatment in target")
                ], ["id": "conditions"]
            ) {
                for condition in found.conditions {
                    HTML.element("tr") {
                        HTML.element("th", ["scope": "row"]) { page.text(condition.title) }
                        HTML.element("td") { ratio(page, condition.coverage) }
                        HTML.element("td") { ratio(page, condition.recall) }
                        HTML.element("td") { median(page, condition.timeToConfirmation) }
                        HTML.element("td") { ratio(page, condition.treatmentWithinTarget) }
                    }
                }
                HTML.element("tr") {
                    HTML.element("th", ["scope": "row"]) { page.text(.init(zh: "合计", en: "All conditions")) }
                    HTML.element("td") { "" }
                    HTML.element("td") { ratio(page, found.recall) }
                    HTML.element("td") { median(page, found.timeToConfirmation) }
                    HTML.element("td") { ratio(page, found.treatmentWithinTarget) }
                }
            }
            page.table(
                [
                    Localized(zh: "听力 1-3-6", en: "Hearing 1-3-6"), .init(zh: "满 1 月龄前初筛", en: "Screened by 1 month"),
                    .init(zh: "满 3 月龄前确诊", en: "Diagnosed by 3 months"), .init(zh: "满 6 月龄前干预", en: "Intervention by 6 months")
                ], ["id": "hearing"]
            ) {
                HTML.element("tr") {
                    HTML.element("th", ["scope": "row"]) { page.text(.init(zh: "听力", en: "Hearing")) }
                    HTML.element("td") { ratio(page, found.hearing136.screenedByOneMonth) }
                    HTML.element("td") { ratio(page, found.hearing136.diagnosedByThreeMonths) }
                    HTML.element("td") { ratio(page, found.hearing136.intervenedBySixMonths) }
                }
            }
            HTML.element("p", ["id": "referrals"]) {
                page.text(.init(zh: "残疾筛查转介接收率: ", en: "Disability referrals accepted: ")) + ratio(page, found.referralsAccepted)
            }
        }
    }

    /// `count/of (rate %)`, or 无数据 when there was nothing to count.
    func ratio(_ page: PageCall, _ ratio: ScreeningIndicators.Ratio) -> String {
        guard let rate = ratio.rate else { return page.text(.init(zh: "无数据", en: "No data")) }
        return "\(ratio.count)/\(ratio.of) (\((rate * 1_000).rounded() / 10)%)"
    }

    /// The median in days and how many chains it is of, or 无数据.
    func median(_ page: PageCall, _ median: ScreeningIndicators.Median) -> String {
        guard let days = median.medianDays else { return page.text(.init(zh: "无数据", en: "No data")) }
        return page.text(.init(zh: "\(days) (\(median.chains) 条)", en: "\(days) (of \(median.chains))"))
    }
}
