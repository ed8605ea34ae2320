import Contract
import Foundation
import RegistryInterface
import Testing

@testable import DropoutControl

@Suite("控辍保学 domain rules")
struct DomainTests {
    let autumn = Term("2026-autumn")!

    @Test("school age is decided at the cut-off date: six full years on 31 August in, fifteen out")
    func schoolAgeBoundaries() {
        let rule = SchoolAgeRule.national
        #expect(rule.cutOffDate(for: autumn) == CalendarDate("2026-08-31"))
        #expect(rule.isEligible(born: CalendarDate("2020-08-31")!, in: autumn))
        #expect(!rule.isEligible(born: CalendarDate("2020-09-01")!, in: autumn))
        #expect(rule.isEligible(born: CalendarDate("2011-09-01")!, in: autumn))
        #expect(!rule.isEligible(born: CalendarDate("2011-08-31")!, in: autumn))
        // The spring term belongs to the school year that began the autumn before.
        #expect(rule.cutOffDate(for: Term("2027-spring")!) == CalendarDate("2026-08-31"))
        let window = rule.birthWindow(for: autumn)
        #expect(window.bornAfter == CalendarDate("2011-08-31") && window.bornBy == CalendarDate("2020-08-31"))
    }

    @Test("the birth window the SQL uses agrees with the rule day by day, also for a 1 September cut-off")
    func windowAgreesWithRule() {
        for rule in [
            SchoolAgeRule.national, SchoolAgeRule(cutOff: "09-01", entryAge: 6, years: 9),
            SchoolAgeRule(cutOff: "02-29", entryAge: 7, years: 8)
        ] {
            let window = rule.birthWindow(for: autumn)
            var day = CalendarDate("2009-01-01")!
            while day < CalendarDate("2022-01-01")! {
                #expect(rule.isEligible(born: day, in: autumn) == (day > window.bornAfter && day <= window.bornBy), "\(rule) \(day)")
                day = day.adding(days: 1)
            }
        }
    }

    @Test("terms, grades and statuses as the registry export writes them")
    func parsing() {
        #expect(Term("2026-autumn")!.schoolYearStart == 2026 && Term("2027-spring")!.schoolYearStart == 2026)
        #expect(Term("2027-spring")! < Term("2027-autumn")!)
        #expect(Term("2026-summer") == nil && Term("26-autumn") == nil)
        #expect(["3", "三年级", "初二", "七年级", "九年级"].map(Grade.parse) == [3, 3, 8, 7, 9])
        #expect(Grade.parse("十年级") == nil && Grade.parse("初四") == nil && Grade.parse("0") == nil)
        #expect(
            EnrolmentStatus(text: "在读") == .attending && EnrolmentStatus(text: "transferred-out") == .transferredOut
                && EnrolmentStatus(text: "毕业") == nil)
    }

    @Test("a written report is due after the failed attempts or the days the policy sets")
    func escalation() throws {
        let rule = PersuasionRule(failedAttempts: 3, days: 15, followUpMonths: 3)
        let subject = CaseClock.subject(
            case: UUID(), district: DistrictCode("320412100201")!, child: nil, verifiedOn: CalendarDate("2026-09-10")!)
        #expect(try CaseClock.reportDue(rule, for: subject, failed: 2, today: CalendarDate("2026-09-20")!) == nil)
        #expect(try CaseClock.reportDue(rule, for: subject, failed: 3, today: CalendarDate("2026-09-20")!) != nil)
        #expect(try CaseClock.reportDue(rule, for: subject, failed: 0, today: CalendarDate("2026-09-25")!) != nil)
    }

    @Test("home-teaching frequency: twice a month, or twice a week counted in whole weeks")
    func frequency() {
        #expect(HomeTeachingFrequency.standard.required(inMonthOf: 31) == 2)
        #expect(HomeTeachingFrequency(visits: 2, per: .week).required(inMonthOf: 28) == 8)
        #expect(HomeTeachingFrequency(visits: 2, per: .week).required(inMonthOf: 31) == 8)
    }

    @Test("priority groups come from the registry's category values")
    func priorityGroups() {
        #expect(
            PriorityGroup.groups(of: [.ruralLeftBehind, .orphanDispersed, .difficultDisability, .local("unknown")]) == [
                .orphan, .disabled, .leftBehind
            ])
    }
}
