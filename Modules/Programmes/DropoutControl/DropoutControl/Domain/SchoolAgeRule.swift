import Contract

/// 义务教育适龄 — who must be in compulsory education in a school year: children who are at least `entryAge` full
/// years old (周岁) on the cut-off date (入学年龄截止日, commonly 31 August) and younger than `entryAge + years`,
/// i.e. the nine cohorts of grades 1–9 (义务教育法 第11条: 满六周岁入学, 九年义务教育). Policy key
/// `dropout-control.school-age`.
package struct SchoolAgeRule: Codable, Sendable, Equatable {
    /// `MM-dd` of the cut-off date in the year the school year begins.
    let cutOff: String
    let entryAge: Int
    let years: Int

    package static let national = SchoolAgeRule(cutOff: "08-31", entryAge: 6, years: 9)

    /// The cut-off date for `term` (29 February becomes 28 February in a common year).
    func cutOffDate(for term: Term) -> CalendarDate {
        let parts = cutOff.split(separator: "-").compactMap { Int($0) }
        let (month, day) = parts.count == 2 ? (parts[0], parts[1]) : (8, 31)
        return (0...3).lazy.compactMap { CalendarDate(year: term.schoolYearStart, month: month, day: day - $0) }.first!
    }

    func isEligible(born birthDate: CalendarDate, in term: Term) -> Bool {
        let age = birthDate.age(on: cutOffDate(for: term))
        return age >= entryAge && age < entryAge + years
    }

    /// The eligible birth dates as a half-open window: born after `bornAfter` and on or before `bornBy`
    /// (what the comparison's SQL filters on).
    package func birthWindow(for term: Term) -> (bornAfter: CalendarDate, bornBy: CalendarDate) {
        let cut = cutOffDate(for: term)
        return (cut.adding(months: -12 * (entryAge + years)), cut.adding(months: -12 * entryAge))
    }
}
