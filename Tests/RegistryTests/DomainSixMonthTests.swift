import Testing
import Vocabulary

@testable import Registry

@Suite("6 个月规则: 服刑/戒毒/限制人身自由的期限, 失联的起算")
struct DomainSixMonthTests {
    typealias F = DomainFixture

    @Test(
        "a term of 5 months does not count, 6 or more does",
        arguments: [ParentCondition.imprisoned, .compulsoryDetox, .otherLibertyRestriction],
        [(5, false), (6, true), (36, true)])
    func term(condition: ParentCondition, term: (months: Int, counts: Bool)) {
        let status = ParentStatus(parent: .father, condition: condition, since: F.day("2026-03-01"), termMonths: term.months)
        #expect(status.counts(on: F.day("2026-03-01")) == term.counts)
        #expect(status.counts(on: F.day("2026-07-31")) == term.counts)
    }

    @Test(
        "without a term, since → until must span 6 calendar months; month ends clamp",
        arguments: [
            ("2025-01-10", "2025-07-10", true), ("2025-01-10", "2025-07-09", false),
            ("2025-08-31", "2026-02-28", true), ("2025-08-31", "2026-02-27", false),
            ("2023-08-31", "2024-02-29", true), ("2023-08-31", "2024-02-28", false)
        ])
    func span(since: String, until: String, counts: Bool) {
        let status = ParentStatus(parent: .mother, condition: .compulsoryDetox, since: F.day(since), until: F.day(until))
        #expect(status.counts(on: F.day(since)) == counts)
    }

    @Test("an open restriction with no term counts once it has lasted 6 months")
    func openEnded() {
        let detained = ParentStatus(parent: .father, condition: .otherLibertyRestriction, since: F.day("2025-08-31"))
        #expect(detained.countsFrom == F.day("2026-02-28"))
        #expect(!detained.counts(on: F.day("2026-02-27")))
        #expect(detained.counts(on: F.day("2026-02-28")))
    }

    @Test(
        "失联 counts from the day 6 calendar months after the report was accepted: the day before no, the day itself yes",
        arguments: [
            ("2025-01-10", "2025-07-09", "2025-07-10"),
            ("2025-08-31", "2026-02-27", "2026-02-28"),
            ("2023-08-31", "2024-02-28", "2024-02-29"),
            ("2025-03-31", "2025-09-29", "2025-09-30"),
            ("2025-12-15", "2026-06-14", "2026-06-15")
        ])
    func lostContact(reported: String, dayBefore: String, sixMonths: String) {
        let status = ParentStatus(parent: .mother, condition: .lostContact, since: F.day(reported))
        #expect(!status.counts(on: F.day(dayBefore)))
        #expect(status.counts(on: F.day(sixMonths)))
    }

    @Test("through the rules: 父亲服刑 + 母亲失联 is 事实无人抚养 from the 6-month day, not the day before")
    func lostContactInDerivation() {
        let facts = F.child(
            F.counting(.father, .imprisoned), ParentStatus(parent: .mother, condition: .lostContact, since: F.day("2025-08-31")))
        #expect(F.categories(facts, on: F.day("2026-02-27")).isEmpty)
        #expect(F.categories(facts, on: F.day("2026-02-28")) == [.deFactoUnsupported])
    }

    @Test("a parent found before 6 months never counted")
    func foundEarly() {
        let status = ParentStatus(parent: .father, condition: .lostContact, since: F.day("2025-01-10"), until: F.day("2025-05-01"))
        #expect(!status.counts(on: F.day("2025-04-30")))
        #expect(!status.counts(on: F.day("2025-07-10")))
    }

    @Test("in force from since, up to but not including until")
    func inForce() {
        let status = ParentStatus(parent: .father, condition: .workingAway, since: F.day("2025-03-01"), until: F.day("2026-01-01"))
        #expect(!status.isInForce(on: F.day("2025-02-28")))
        #expect(status.isInForce(on: F.day("2025-03-01")))
        #expect(status.isInForce(on: F.day("2025-12-31")))
        #expect(!status.isInForce(on: F.day("2026-01-01")))
    }

    @Test(
        "重残: grade 1–2 of any type, grade 3–4 only 精神 or 智力, never without a grade",
        arguments: [1, 2, 3, 4, nil] as [Int?], DisabilityType.allCases)
    func severeDisability(grade: Int?, type: DisabilityType) {
        let status = ParentStatus(
            parent: .mother, condition: .severeDisability, since: F.day("2020-01-01"), disabilityGrade: grade, disabilityType: type)
        let expected =
            switch grade {
            case 1, 2: true
            case 3, 4: type == .mental || type == .intellectual
            default: false
            }
        #expect(status.counts(on: F.today) == expected)
    }
}
