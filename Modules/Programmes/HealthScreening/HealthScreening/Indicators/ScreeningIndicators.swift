import Contract
import Foundation

/// 筛查指标 — a district's screening indicators over a period, computed from its records: the population is every
/// screening chain of a newborn residing in the district's subtree and born (in China) on a day from `from` to `to`;
/// disability referrals count by the child's residence district and the day they were referred. A rate is
/// `count / of` rounded to 4 places, `null` (not zero) when nothing was there to count; a median is `null` likewise.
struct ScreeningIndicators: Codable, Sendable, Equatable, DocumentedBody {
    let district: DistrictCode
    let from: CalendarDate
    let to: CalendarDate
    /// Newborns in the population (births).
    let births: Int
    /// Per condition: the national ones always, and any other a chain of the period follows.
    let conditions: [ConditionIndicators]
    /// Every condition together.
    let recall: Ratio
    let timeToConfirmation: Median
    let treatmentWithinTarget: Ratio
    /// 听力筛查 1-3-6: screened by 1 month, diagnosed by 3 months, intervention by 6 months of age.
    let hearing136: Hearing136
    /// Disability screening referrals the receiving institution accepted, of those it decided.
    let referralsAccepted: Ratio

    /// `count` of `of`, and their rate.
    struct Ratio: Codable, Sendable, Equatable {
        let count: Int
        let of: Int
        let rate: Double?

        init(_ count: Int, of: Int) {
            self.count = count
            self.of = of
            rate = of == 0 ? nil : (Double(count) / Double(of) * 10_000).rounded() / 10_000
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(count, forKey: .count)
            try container.encode(of, forKey: .of)
            try container.encode(rate, forKey: .rate)
        }
    }

    /// The median of `chains`' days, to 0.1 day.
    struct Median: Codable, Sendable, Equatable {
        let chains: Int
        let medianDays: Double?

        init(chains: Int, medianDays: Double?) {
            self.chains = chains
            self.medianDays = medianDays.map { ($0 * 10).rounded() / 10 }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(chains, forKey: .chains)
            try container.encode(medianDays, forKey: .medianDays)
        }
    }

    struct ConditionIndicators: Codable, Sendable, Equatable {
        let condition: String
        let title: Localized
        let coverage: Ratio
        let recall: Ratio
        let timeToConfirmation: Median
        let treatmentWithinTarget: Ratio
    }

    struct Hearing136: Codable, Sendable, Equatable {
        let screenedByOneMonth: Ratio
        let diagnosedByThreeMonths: Ratio
        let intervenedBySixMonths: Ratio
    }

    /// How each indicator is computed, for the route's description in `/openapi.json`.
    static let formulas = """
        人群: 居住地在该区划 (含下级)、出生日期 (北京时间) 在 from 至 to 之间的新生儿的各病种筛查链; 残疾筛查转介按儿童居住地与转介日期. \
        比率 rate = count / of, 保留 4 位小数, 分母为 0 时为 null (不是 0); 中位数无数据时为 null.
        - coverage 筛查率 (按病种): of = 该病种筛查链数, count = 其中至少有一次采血/初筛的.
        - recall 召回率: of = 最后一次结果为阳性、未通过或标本不合格的筛查链, count = 其中已登记召回通知 (notified) 的.
        - timeToConfirmation 确诊时间: 有确诊或排除 (confirmed/excluded) 的筛查链数, 及从出生到首次确诊/排除的天数中位数 (保留 1 位小数).
        - treatmentWithinTarget 治疗及时率: of = 已确诊且时限中有治疗/干预环节的筛查链, count = 该环节在时限 (政策设定的截止时间) 前完成的.
        - hearing136 听力 1-3-6: screenedByOneMonth = 初筛在满 1 月龄前完成 / 听力筛查链; diagnosedByThreeMonths = 满 3 月龄前确诊或排除 / \
        最后一次结果为未通过或阳性的听力筛查链; intervenedBySixMonths = 满 6 月龄前开始干预 / 已确诊的听力筛查链 (月龄按北京时间的日历月).
        - referralsAccepted 转介接收率: of = 接收机构已作出决定 (接收、拒收或已反馈结果) 的残疾筛查转介, count = 其中接收的.
        """

    static var examples: [ScreeningIndicators] {
        get throws {
            let none = ConditionIndicators(
                condition: "chd", title: .init(zh: "先天性心脏病", en: "Congenital heart disease"), coverage: Ratio(0, of: 0),
                recall: Ratio(0, of: 0), timeToConfirmation: Median(chains: 0, medianDays: nil), treatmentWithinTarget: Ratio(0, of: 0))
            let hearing = ConditionIndicators(
                condition: "hearing", title: .init(zh: "听力障碍", en: "Hearing loss"), coverage: Ratio(3, of: 4), recall: Ratio(1, of: 2),
                timeToConfirmation: Median(chains: 1, medianDays: 64.5), treatmentWithinTarget: Ratio(1, of: 2))
            return [
                ScreeningIndicators(
                    district: try Example.district("320412000000"), from: try Example.date("2026-01-01"),
                    to: try Example.date("2026-06-30"),
                    births: 4, conditions: [hearing], recall: Ratio(1, of: 2), timeToConfirmation: Median(chains: 1, medianDays: 64.5),
                    treatmentWithinTarget: Ratio(1, of: 2),
                    hearing136: Hearing136(
                        screenedByOneMonth: Ratio(3, of: 4), diagnosedByThreeMonths: Ratio(2, of: 3), intervenedBySixMonths: Ratio(1, of: 4)
                    ),
                    referralsAccepted: Ratio(2, of: 3)),
                ScreeningIndicators(
                    district: try Example.district("320412100000"), from: try Example.date("2026-01-01"),
                    to: try Example.date("2026-01-31"),
                    births: 0, conditions: [none], recall: Ratio(0, of: 0), timeToConfirmation: Median(chains: 0, medianDays: nil),
                    treatmentWithinTarget: Ratio(0, of: 0),
                    hearing136: Hearing136(
                        screenedByOneMonth: Ratio(0, of: 0), diagnosedByThreeMonths: Ratio(0, of: 0), intervenedBySixMonths: Ratio(0, of: 0)
                    ),
                    referralsAccepted: Ratio(0, of: 0))
            ]
        }
    }
}
