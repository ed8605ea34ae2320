import Contract
import Foundation
import Schedules

/// 0–6 岁儿童健康管理 — the check-ups (健康检查) of the national basic public health service and the 13 eye checks
/// (眼保健和视力检查, 国卫办妇幼发〔2021〕11号) on the same encounters: the newborn home visit (新生儿家庭访视), 满月 (1 month),
/// 3, 6, 8, 12, 18, 24, 30 and 36 months, then 4, 5 and 6 years. One schedule of the core's engine counted from the
/// birth date in China (months clamp at month ends: born 31 March, the 6-month check-up is on 30 September); each
/// encounter is a group whose check-up and eye check are both required, so it stays due until both are recorded.
enum CheckupSchedule {
    /// One encounter: its code (`3m`, `4y`), the age in months it falls at, and the wait until the next one (the
    /// encounter is missed once the next is due).
    struct Encounter: Sendable, Equatable {
        let code: String
        let months: Int
        let untilNext: Int

        var checkup: String { "checkup-\(code)" }
        var eyeCheck: String { "eye-\(code)" }
        var title: Localized {
            switch code {
            case "newborn": .init(zh: "新生儿家庭访视", en: "Newborn home visit")
            case "1m": .init(zh: "满月健康检查", en: "One-month check-up")
            default:
                months < 48
                    ? .init(zh: "\(months) 月龄健康检查", en: "\(months)-month check-up")
                    : .init(zh: "\(months / 12) 岁健康检查", en: "\(months / 12)-year check-up")
            }
        }
    }

    /// The newborn visit then the twelve check-ups; the 13 eye checks are on the same encounters.
    static let encounters: [Encounter] = {
        let ages = [1, 3, 6, 8, 12, 18, 24, 30, 36, 48, 60, 72]
        let visits = ages.enumerated().map { index, months in
            Encounter(
                code: months < 48 ? "\(months)m" : "\(months / 12)y", months: months,
                untilNext: index + 1 < ages.count ? ages[index + 1] - months : 12)
        }
        return [Encounter(code: "newborn", months: 0, untilNext: 1)] + visits
    }()

    static func encounter(_ code: String) -> Encounter? { encounters.first { $0.code == code } }

    /// The newborn visit within a week of discharge (by day 10: the discharge day is not recorded), the check-ups from 7
    /// days before their age to 14 days after it.
    static let declaration = try! ScheduleDeclaration(
        id: "health-screening.checkups", version: 1, title: .init(zh: "0–6 岁健康检查与眼保健", en: "Check-ups and eye checks, 0–6"),
        anchor: .init(name: "birth-date", kind: .date), readPermission: HealthScreeningPermissions.newbornRead.name,
        items: encounters.flatMap { encounter -> [ScheduleItem] in
            let window =
                encounter.months == 0
                ? ScheduleWindow(dueFrom: .days(3), dueBy: .days(10), expires: .days(27))
                : ScheduleWindow(dueFrom: .days(-7), dueBy: .days(14), expires: .months(encounter.untilNext))
            let eye = Localized(zh: "眼保健和视力检查 (\(encounter.title.zh))", en: "Eye check (\(encounter.title.en))")
            return [
                ScheduleItem(
                    key: encounter.checkup, title: encounter.title, offset: .months(encounter.months), window: window, group: encounter.code
                ),
                ScheduleItem(key: encounter.eyeCheck, title: eye, offset: .months(encounter.months), window: window, group: encounter.code)
            ]
        })

    static let key = declaration.policyKey(
        source:
            "国家基本公共卫生服务规范 (第三版) 0～6 岁儿童健康管理: 出院后 1 周内家庭访视, 满月, 3、6、8、12、18、24、30、36 月龄, 4、5、6 岁; "
            + "《0～6岁儿童眼保健及视力检查服务规范(试行)》(国卫办妇幼发〔2021〕11号) 13 次眼保健. 前后容许时间国家层面未规定 "
            + "(unverified nationally): 默认提前 7 天、推后 14 天, 至下一次体检到期时错过")

    static func subjectID(_ newborn: UUID) -> String { "health-screening.checkups:\(newborn.uuidString.lowercased())" }

    /// The newborn's subject: anchored on the birth date in China, joined on arrival for a newborn born elsewhere.
    static func subject(newborn: UUID, district: DistrictCode, child: UUID?, bornAt: Date, arrivedAt: Date?) -> ScheduleSubject {
        ScheduleSubject(
            id: subjectID(newborn), district: district, child: child, anchor: .date(CalendarDate.today(bornAt)), joined: arrivedAt)
    }

    /// Whole months of age on `day` for a child born on `birth` (the month-end clamped count: born 31 January, one month
    /// old on 28 February).
    static func age(inMonthsOn day: CalendarDate, bornOn birth: CalendarDate) -> Int {
        var months = max(0, (day.year - birth.year) * 12 + day.month - birth.month)
        while months > 0, day < birth.adding(months: months) { months -= 1 }
        return months
    }
}
