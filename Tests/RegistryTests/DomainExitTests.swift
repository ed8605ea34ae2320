import RegistryInterface
import Testing
import Vocabulary

@testable import Registry

@Suite("应退未退: 退出原因")
struct DomainExitTests {
    typealias F = DomainFixture

    func triggers(_ previous: Set<ChildCategory>, _ facts: ChildFacts, on date: String, rules: DerivationRules = .national) -> [ExitTrigger]
    {
        ExitRules.triggers(previous: previous, facts: facts, on: F.day(date), rules: rules)
    }

    @Test("turning 16 ends 农村留守 on the birthday, not the day before")
    func turned16() {
        let facts = ChildFacts(
            birthDate: F.day("2010-06-15"), hukouType: .rural,
            parents: [F.counting(.father, .workingAway), F.counting(.mother, .workingAway)])
        #expect(triggers([.ruralLeftBehind], facts, on: "2026-06-14").isEmpty)
        let exits = triggers([.ruralLeftBehind], facts, on: "2026-06-15")
        #expect(exits == [ExitTrigger(category: .ruralLeftBehind, reasons: [.reachedAge(limit: 16)])])
        #expect(exits.first?.explanation == "不再符合农村留守儿童认定: 已满 16 周岁")
    }

    @Test("turning 18 ends 事实无人抚养; with the continuation a student goes on to 22, a non-student stops at 18")
    func turned18() {
        let parents = [F.counting(.father, .imprisoned), F.counting(.mother, .lostContact)]
        let child = ChildFacts(birthDate: F.day("2008-06-15"), hukouType: .urban, parents: parents)
        #expect(
            triggers([.deFactoUnsupported], child, on: "2026-06-15") == [
                ExitTrigger(category: .deFactoUnsupported, reasons: [.reachedAge(limit: 18)])
            ])

        var guangdong = DerivationRules.national
        guangdong.continueForFullTimeStudents = true
        var student = ChildFacts(birthDate: F.day("2006-06-15"), hukouType: .urban, parents: parents, fullTimeStudent: true)
        #expect(triggers([.deFactoUnsupported], student, on: "2026-06-15", rules: guangdong).isEmpty)
        #expect(triggers([.deFactoUnsupported], student, on: "2028-06-15", rules: guangdong).first?.reasons == [.reachedAge(limit: 22)])
        student.fullTimeStudent = false
        #expect(triggers([.deFactoUnsupported], student, on: "2026-06-15", rules: guangdong).first?.reasons == [.reachedAge(limit: 18)])
    }

    @Test("a parent released from prison is named, with the day")
    func released() throws {
        let facts = F.child(
            ParentStatus(parent: .father, condition: .imprisoned, since: F.day("2023-06-01"), until: F.day("2026-06-01"), termMonths: 36),
            F.counting(.mother, .lostContact))
        let exit = try #require(triggers([.deFactoUnsupported], facts, on: "2026-06-15").first)
        #expect(exit.reasons == [.parentConditionEnded(parent: .father, condition: .imprisoned, ended: F.day("2026-06-01"))])
        #expect(exit.explanation == "不再符合事实无人抚养儿童认定: 父亲 服刑在押 已于 2026-06-01 结束")
    }

    @Test("a lost parent found")
    func found() {
        let facts = F.child(
            F.counting(.father, .dead),
            ParentStatus(parent: .mother, condition: .lostContact, since: F.day("2024-01-10"), until: F.day("2026-05-20")))
        #expect(
            triggers([.deFactoUnsupported], facts, on: "2026-06-15").first?.reasons
                == [.parentConditionEnded(parent: .mother, condition: .lostContact, ended: F.day("2026-05-20"))])
    }

    @Test("both parents home: both are named; an earlier spell away is not")
    func bothHome() {
        let facts = F.child(
            ParentStatus(parent: .father, condition: .workingAway, since: F.day("2015-01-01"), until: F.day("2018-01-01")),
            ParentStatus(parent: .father, condition: .workingAway, since: F.day("2020-03-01"), until: F.day("2026-02-01")),
            ParentStatus(parent: .mother, condition: .workingAway, since: F.day("2021-03-01"), until: F.day("2026-05-01")))
        #expect(
            triggers([.ruralLeftBehind], facts, on: "2026-06-15").first?.reasons == [
                .parentConditionEnded(parent: .father, condition: .workingAway, ended: F.day("2026-02-01")),
                .parentConditionEnded(parent: .mother, condition: .workingAway, ended: F.day("2026-05-01"))
            ])
    }

    @Test("the same day: turned 16 and the father came home")
    func twoReasons() {
        let facts = ChildFacts(
            birthDate: F.day("2010-06-15"), hukouType: .rural,
            parents: [
                ParentStatus(parent: .father, condition: .workingAway, since: F.day("2020-01-01"), until: F.day("2026-06-15")),
                F.counting(.mother, .severeIllness)
            ])
        #expect(
            triggers([.ruralLeftBehind], facts, on: "2026-06-15").first?.reasons == [
                .reachedAge(limit: 16), .parentConditionEnded(parent: .father, condition: .workingAway, ended: F.day("2026-06-15"))
            ])
    }

    @Test("death and adoption are the only reason given when they apply")
    func diedOrAdopted() {
        var facts = ChildFacts(
            birthDate: F.day("2010-06-15"), hukouType: .rural,
            parents: [F.counting(.father, .workingAway), F.counting(.mother, .workingAway)], deceased: true)
        #expect(triggers([.ruralLeftBehind], facts, on: "2026-06-15") == [ExitTrigger(category: .ruralLeftBehind, reasons: [.died])])
        facts.deceased = false
        facts.adopted = true
        #expect(triggers([.ruralLeftBehind], facts, on: "2026-01-01") == [ExitTrigger(category: .ruralLeftBehind, reasons: [.adopted])])
    }

    @Test("a hukou no longer rural ends 农村留守")
    func hukou() {
        let facts = F.child(F.counting(.father, .workingAway), F.counting(.mother, .workingAway), hukou: .urban)
        #expect(triggers([.ruralLeftBehind], facts, on: "2026-06-15").first?.reasons == [.hukouNoLongerRural])
    }

    @Test("事实无人抚养 becomes 孤儿 when the other parent dies; 散居 becomes 集中养育 on entering an institution")
    func reclassified() {
        var facts = F.child(F.counting(.father, .dead), F.counting(.mother, .imprisoned), F.counting(.mother, .dead))
        #expect(triggers([.deFactoUnsupported], facts, on: "2026-06-15").first?.reasons == [.reclassified(to: .orphanDispersed)])
        facts.inInstitution = true
        let exit = triggers([.orphanDispersed], facts, on: "2026-06-15").first
        #expect(exit?.reasons == [.reclassified(to: .orphanInstitutional)])
        #expect(exit?.explanation == "不再符合散居孤儿认定: 现符合集中养育孤儿认定")
    }

    @Test("nothing explains it: staff must check")
    func unexplained() {
        #expect(
            triggers([.deFactoUnsupported], F.child(), on: "2026-06-15") == [
                ExitTrigger(category: .deFactoUnsupported, reasons: [.factsChanged])
            ])
    }

    @Test("a category still held or set by staff opens no review")
    func noReview() {
        let facts = F.child(F.counting(.father, .workingAway), F.counting(.mother, .workingAway))
        #expect(
            triggers([.ruralLeftBehind, .difficultPoverty, ChildCategory(rawValue: "temporary-difficulty")], facts, on: "2026-06-15")
                .isEmpty)
    }

    @Test("moving away is detected by the transfer flow; its reason reads in Chinese")
    func movedAway() {
        #expect(ExitTrigger(category: .ruralLeftBehind, reasons: [.movedAway]).explanation == "不再符合农村留守儿童认定: 已迁出本辖区")
    }
}
