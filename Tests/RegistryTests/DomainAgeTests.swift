import Testing
import Vocabulary

@testable import Registry

@Suite("年龄界限: 16 和 18 周岁生日当天, 2 月 29 日, 在校生延续")
struct DomainAgeTests {
    typealias F = DomainFixture

    static let bothAway = [F.counting(.father, .workingAway), F.counting(.mother, .workingAway)]
    static let unsupported = [F.counting(.father, .imprisoned), F.counting(.mother, .severeIllness)]

    @Test(
        "农村留守 ends on the 16th birthday; the day before still qualifies (不满 16 = age < 16)",
        arguments: [
            ("2010-06-15", "2026-06-14", true), ("2010-06-15", "2026-06-15", false),
            ("2012-02-29", "2028-02-28", true), ("2012-02-29", "2028-02-29", false),
            ("2010-02-28", "2026-02-27", true), ("2010-02-28", "2026-02-28", false)
        ])
    func sixteen(born: String, on date: String, qualifies: Bool) {
        let facts = ChildFacts(birthDate: F.day(born), hukouType: .rural, parents: Self.bothAway)
        #expect(F.categories(facts, on: F.day(date)) == (qualifies ? [.ruralLeftBehind] : []))
    }

    @Test(
        "事实无人抚养 ends on the 18th birthday; born 29 February, the birthday is 1 March in a common year",
        arguments: [
            ("2008-06-15", "2026-06-14", true), ("2008-06-15", "2026-06-15", false),
            ("2008-02-29", "2026-02-28", true), ("2008-02-29", "2026-03-01", false),
            ("2012-02-29", "2030-02-28", true), ("2012-02-29", "2030-03-01", false)
        ])
    func eighteen(born: String, on date: String, qualifies: Bool) {
        let facts = ChildFacts(birthDate: F.day(born), hukouType: .rural, parents: Self.unsupported)
        #expect(F.categories(facts, on: F.day(date)) == (qualifies ? [.deFactoUnsupported] : []))
    }

    @Test("orphans end at 18 too")
    func orphanEighteen() {
        let facts = ChildFacts(
            birthDate: F.day("2008-06-15"), hukouType: .urban, parents: [F.counting(.father, .dead), F.counting(.mother, .dead)])
        #expect(F.categories(facts, on: F.day("2026-06-14")) == [.orphanDispersed])
        #expect(F.categories(facts, on: F.day("2026-06-15")).isEmpty)
    }

    @Test("no category before the child is born")
    func unborn() {
        let facts = ChildFacts(birthDate: F.day("2026-07-01"), hukouType: .rural, parents: Self.bothAway)
        #expect(F.categories(facts).isEmpty)
    }

    static var guangdong: DerivationRules {
        var rules = DerivationRules.national
        rules.continueForFullTimeStudents = true
        return rules
    }

    struct StudentCase: Sendable, CustomTestStringConvertible {
        let name: String
        let rules: DerivationRules
        let on: String
        let student: Bool
        let qualifies: Bool
        var testDescription: String { name }
    }

    /// Born 2006-06-15: 18 on 2024-06-15, 22 on 2028-06-15.
    static let studentCases: [StudentCase] = [
        StudentCase(name: "national: 19, full-time student → no", rules: .national, on: "2025-09-01", student: true, qualifies: false),
        StudentCase(name: "广东: 19, full-time student → yes", rules: guangdong, on: "2025-09-01", student: true, qualifies: true),
        StudentCase(name: "广东: 19, not a student → no", rules: guangdong, on: "2025-09-01", student: false, qualifies: false),
        StudentCase(name: "广东: the day before 22 → yes", rules: guangdong, on: "2028-06-14", student: true, qualifies: true),
        StudentCase(name: "广东: the 22nd birthday → no", rules: guangdong, on: "2028-06-15", student: true, qualifies: false)
    ]

    @Test("full-time students past 18 keep 事实无人抚养 only where the rules continue it", arguments: studentCases)
    func studentContinuation(_ c: StudentCase) {
        let facts = ChildFacts(birthDate: F.day("2006-06-15"), hukouType: .rural, parents: Self.unsupported, fullTimeStudent: c.student)
        #expect(F.categories(facts, on: F.day(c.on), rules: c.rules) == (c.qualifies ? [.deFactoUnsupported] : []))
    }

    @Test("the continuation is stated in the facts, covers orphans, and never extends 农村留守")
    func continuationScope() throws {
        let student = ChildFacts(birthDate: F.day("2006-06-15"), hukouType: .rural, parents: Self.unsupported, fullTimeStudent: true)
        let derivation = try #require(CategoryRules.derive(student, on: F.day("2025-09-01"), rules: Self.guangdong).first)
        #expect(derivation.facts.first == "年龄 19 周岁, 全日制在校 (在校生延续, 不满 22)")

        let orphan = ChildFacts(
            birthDate: F.day("2006-06-15"), hukouType: .rural,
            parents: [F.counting(.father, .dead), F.counting(.mother, .declaredMissing)], fullTimeStudent: true)
        #expect(F.categories(orphan, on: F.day("2026-01-01"), rules: Self.guangdong) == [.orphanDispersed])

        let leftBehind = ChildFacts(birthDate: F.day("2009-06-15"), hukouType: .rural, parents: Self.bothAway, fullTimeStudent: true)
        #expect(F.categories(leftBehind, on: F.day("2025-06-15"), rules: Self.guangdong).isEmpty)
    }
}
