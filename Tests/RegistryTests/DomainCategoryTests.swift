import RegistryInterface
import Testing
import Vocabulary

@testable import Registry

/// Shared by the `Domain*Tests` files: dates and parent statuses that count, so each case states only what it tests.
enum DomainFixture {
    /// The day most cases are judged on.
    static let today = day("2026-06-15")

    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A status of `condition` that counts on `today`: open, two years old, a 36-month term, 重残 grade 2, 失联 8 months.
    static func counting(_ parent: Parent, _ condition: ParentCondition) -> ParentStatus {
        switch condition {
        case .imprisoned, .compulsoryDetox, .otherLibertyRestriction:
            ParentStatus(parent: parent, condition: condition, since: day("2024-06-15"), termMonths: 36)
        case .severeDisability:
            ParentStatus(parent: parent, condition: condition, since: day("2024-06-15"), disabilityGrade: 2, disabilityType: .physical)
        case .lostContact:
            ParentStatus(parent: parent, condition: condition, since: day("2025-10-15"))
        default:
            ParentStatus(parent: parent, condition: condition, since: day("2024-06-15"))
        }
    }

    /// A rural child aged 9 on `today` with these parent statuses.
    static func child(_ parents: ParentStatus..., born: String = "2017-03-01", hukou: HukouType = .rural) -> ChildFacts {
        ChildFacts(birthDate: day(born), hukouType: hukou, parents: parents)
    }

    static func categories(_ facts: ChildFacts, on date: CalendarDate = today, rules: DerivationRules = .national) -> Set<ChildCategory> {
        Set(CategoryRules.derive(facts, on: date, rules: rules).map(\.category))
    }
}

/// The category predicates written out from the documents, independently of `DerivationRules.national`: the
/// father × mother table below checks the code against this.
enum DocumentedRule {
    /// 民发〔2019〕62号 set A, plus 被撤销监护资格 from 民发〔2020〕125号.
    static let setA: Set<ParentCondition> = [
        .severeDisability, .severeIllness, .imprisoned, .compulsoryDetox,
        .otherLibertyRestriction, .lostContact, .guardianshipRevoked
    ]
    /// 死亡 or 宣告失踪.
    static let gone: Set<ParentCondition> = [.dead, .declaredMissing]
    /// 民发〔2020〕125号: 被遣送(驱逐)出境, only beside a dead or missing parent.
    static let besideGone = setA.union([.deported])
    /// 国发〔2016〕13号 无监护能力.
    static let incapable: Set<ParentCondition> = [.severeIllness, .severeDisability]

    static func categories(father: ParentCondition, mother: ParentCondition) -> Set<ChildCategory> {
        var expected: Set<ChildCategory> = []
        let leftBehind =
            (father == .workingAway && (mother == .workingAway || incapable.contains(mother)))
            || (mother == .workingAway && incapable.contains(father))
        if leftBehind { expected.insert(.ruralLeftBehind) }
        if gone.contains(father), gone.contains(mother) {
            expected.insert(.orphanDispersed)
        } else if (setA.contains(father) && setA.contains(mother))
            || (gone.contains(father) && besideGone.contains(mother))
            || (gone.contains(mother) && besideGone.contains(father))
        {
            expected.insert(.deFactoUnsupported)
        }
        return expected
    }
}

@Suite("类别认定: 父母情形的全部组合")
struct DomainCategoryTests {
    typealias F = DomainFixture

    @Test("father × mother, every pairing of the 11 conditions", arguments: ParentCondition.allCases, ParentCondition.allCases)
    func everyPairing(father: ParentCondition, mother: ParentCondition) {
        let facts = F.child(F.counting(.father, father), F.counting(.mother, mother))
        #expect(F.categories(facts) == DocumentedRule.categories(father: father, mother: mother))
    }

    @Test("the table's totals: 81 de-facto-unsupported pairings (49 both in set A, 32 beside a gone parent), 4 orphan, 5 left-behind")
    func tableTotals() {
        let pairs = ParentCondition.allCases.flatMap { f in
            ParentCondition.allCases.map { m in DocumentedRule.categories(father: f, mother: m) }
        }
        #expect(pairs.count { $0.contains(.deFactoUnsupported) } == 81)
        #expect(pairs.count { $0.contains(.orphanDispersed) } == 4)
        #expect(pairs.count { $0.contains(.ruralLeftBehind) } == 5)
        #expect(pairs.allSatisfy { $0.count <= 1 })
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let parents: [ParentStatus]
        let expected: Set<ChildCategory>
        var testDescription: String { name }
    }

    static func d(_ text: String) -> CalendarDate { DomainFixture.day(text) }

    static let documentCases: [Case] = [
        Case(
            name: "父亲服刑 3 年, 母亲失联 8 个月 → 事实无人抚养",
            parents: [
                ParentStatus(parent: .father, condition: .imprisoned, since: d("2025-01-01"), termMonths: 36),
                ParentStatus(parent: .mother, condition: .lostContact, since: d("2025-10-15"))
            ],
            expected: [.deFactoUnsupported]),
        Case(
            name: "父亲死亡, 母亲被遣送出境 → 事实无人抚养 (民发〔2020〕125号)",
            parents: [F.counting(.father, .dead), F.counting(.mother, .deported)], expected: [.deFactoUnsupported]),
        Case(
            name: "父母双方均被遣送出境 → 不是",
            parents: [F.counting(.father, .deported), F.counting(.mother, .deported)], expected: []),
        Case(
            name: "父亲被遣送出境, 母亲重病 → 不是 (遣送只与死亡/失踪配对)",
            parents: [F.counting(.father, .deported), F.counting(.mother, .severeIllness)], expected: []),
        Case(
            name: "父亲外出务工, 母亲重病 → 农村留守, 不是事实无人抚养",
            parents: [F.counting(.father, .workingAway), F.counting(.mother, .severeIllness)], expected: [.ruralLeftBehind]),
        Case(
            name: "父母双方外出务工 → 农村留守",
            parents: [F.counting(.father, .workingAway), F.counting(.mother, .workingAway)], expected: [.ruralLeftBehind]),
        Case(
            name: "父亲死亡, 母亲外出务工 → 不是 (全国口径)",
            parents: [F.counting(.father, .dead), F.counting(.mother, .workingAway)], expected: []),
        Case(
            name: "父亲被撤销监护资格, 母亲强制隔离戒毒 2 年 → 事实无人抚养 (民发〔2020〕125号)",
            parents: [
                F.counting(.father, .guardianshipRevoked),
                ParentStatus(parent: .mother, condition: .compulsoryDetox, since: d("2025-03-01"), termMonths: 24)
            ],
            expected: [.deFactoUnsupported]),
        Case(
            name: "母亲宣告失踪, 父亲失联 7 个月 → 事实无人抚养",
            parents: [
                F.counting(.mother, .declaredMissing), ParentStatus(parent: .father, condition: .lostContact, since: d("2025-11-15"))
            ],
            expected: [.deFactoUnsupported]),
        Case(
            name: "父亲服刑 5 个月, 母亲重病 → 不是 (不满 6 个月)",
            parents: [
                ParentStatus(parent: .father, condition: .imprisoned, since: d("2026-03-01"), termMonths: 5),
                F.counting(.mother, .severeIllness)
            ], expected: []),
        Case(
            name: "父亲三级肢体残疾, 母亲服刑 → 不是 (三级肢体不算重残)",
            parents: [
                ParentStatus(
                    parent: .father, condition: .severeDisability, since: d("2020-01-01"), disabilityGrade: 3, disabilityType: .physical),
                F.counting(.mother, .imprisoned)
            ], expected: []),
        Case(
            name: "父亲三级智力残疾, 母亲服刑 → 事实无人抚养",
            parents: [
                ParentStatus(
                    parent: .father, condition: .severeDisability, since: d("2020-01-01"), disabilityGrade: 3, disabilityType: .intellectual
                ),
                F.counting(.mother, .imprisoned)
            ], expected: [.deFactoUnsupported]),
        Case(
            name: "父亲四级精神残疾, 母亲死亡 → 事实无人抚养",
            parents: [
                ParentStatus(
                    parent: .father, condition: .severeDisability, since: d("2020-01-01"), disabilityGrade: 4, disabilityType: .mental),
                F.counting(.mother, .dead)
            ], expected: [.deFactoUnsupported]),
        Case(
            name: "父亲死亡, 母亲宣告失踪 → 孤儿 (散居), 不是事实无人抚养",
            parents: [F.counting(.father, .dead), F.counting(.mother, .declaredMissing)], expected: [.orphanDispersed]),
        Case(
            name: "父亲服刑已于 2026-06-01 刑满释放, 母亲失联 → 不是",
            parents: [
                ParentStatus(parent: .father, condition: .imprisoned, since: d("2023-06-01"), until: d("2026-06-01"), termMonths: 36),
                F.counting(.mother, .lostContact)
            ], expected: []),
        Case(
            name: "父亲服刑至 2027 年 (结束日在将来), 母亲失联 → 事实无人抚养",
            parents: [
                ParentStatus(parent: .father, condition: .imprisoned, since: d("2024-06-01"), until: d("2027-06-01"), termMonths: 36),
                F.counting(.mother, .lostContact)
            ], expected: [.deFactoUnsupported]),
        Case(
            name: "父亲先外出务工、后入狱 (务工已结束), 母亲重病 → 事实无人抚养, 不再留守",
            parents: [
                ParentStatus(parent: .father, condition: .workingAway, since: d("2020-01-01"), until: d("2025-01-01")),
                ParentStatus(parent: .father, condition: .imprisoned, since: d("2025-01-01"), termMonths: 60),
                F.counting(.mother, .severeIllness)
            ], expected: [.deFactoUnsupported])
    ]

    @Test("cases from the documents", arguments: documentCases)
    func documented(_ c: Case) {
        #expect(F.categories(ChildFacts(birthDate: F.day("2017-03-01"), hukouType: .rural, parents: c.parents)) == c.expected)
    }

    @Test("a derivation names its rule and the facts it read")
    func rulesAndFacts() throws {
        let facts = F.child(
            ParentStatus(parent: .father, condition: .imprisoned, since: F.day("2025-01-01"), termMonths: 36),
            ParentStatus(parent: .mother, condition: .lostContact, since: F.day("2025-10-15")))
        let derivation = try #require(CategoryRules.derive(facts, on: F.today, rules: .national).first)
        #expect(derivation.category == .deFactoUnsupported)
        #expect(derivation.rule == "民发〔2019〕62号、民发〔2020〕125号: 父母双方均无法履行抚养义务")
        #expect(
            derivation.facts == [
                "年龄 9 周岁 (不满 18)",
                "父亲 服刑在押 自 2025-01-01 (期限 36 个月)",
                "母亲 失联 自 2025-10-15 (公安受理报案日起算, 满 6 个月于 2026-04-15)"
            ])

        let leftBehind = try #require(
            CategoryRules.derive(
                F.child(F.counting(.father, .workingAway), F.counting(.mother, .severeDisability)),
                on: F.today, rules: .national
            ).first)
        #expect(leftBehind.rule == "国发〔2016〕13号: 父母一方外出务工、另一方无监护能力")
        #expect(leftBehind.facts == ["年龄 9 周岁 (不满 16)", "农村户籍", "父亲 外出务工 自 2024-06-15", "母亲 重残 自 2024-06-15 (二级 肢体残疾)"])
    }

    @Test("an urban-hukou child whose parents both work away is not 农村留守")
    func urbanHukou() {
        #expect(F.categories(F.child(F.counting(.father, .workingAway), F.counting(.mother, .workingAway), hukou: .urban)).isEmpty)
    }

    @Test("an orphan in a welfare institution is 集中养育; an adopted or deceased child derives nothing")
    func orphanCareAndEndings() throws {
        var facts = F.child(F.counting(.father, .dead), F.counting(.mother, .dead))
        let dispersed = try #require(CategoryRules.derive(facts, on: F.today, rules: .national).first)
        #expect(dispersed.category == .orphanDispersed && dispersed.rule.hasSuffix("社会散居"))
        facts.inInstitution = true
        #expect(F.categories(facts) == [.orphanInstitutional])
        facts.adopted = true
        #expect(F.categories(facts).isEmpty)
        let deceased = ChildFacts(
            birthDate: F.day("2017-03-01"), hukouType: .rural,
            parents: [F.counting(.father, .workingAway), F.counting(.mother, .workingAway)], deceased: true)
        #expect(F.categories(deceased).isEmpty)
    }

    @Test("a district's own pairings: 重庆 adds 遣送出境 beside a parent in set A; 无监护能力 may include 服刑")
    func localRules() {
        let deportedAndImprisoned = F.child(F.counting(.father, .deported), F.counting(.mother, .imprisoned))
        #expect(F.categories(deportedAndImprisoned).isEmpty)
        var chongqing = DerivationRules.national
        chongqing.deFactoBothParents.insert(.deported)
        #expect(F.categories(deportedAndImprisoned, rules: chongqing) == [.deFactoUnsupported])

        let awayAndImprisoned = F.child(F.counting(.father, .workingAway), F.counting(.mother, .imprisoned))
        #expect(F.categories(awayAndImprisoned).isEmpty)
        var local = DerivationRules.national
        local.leftBehindIncapable.insert(.imprisoned)
        #expect(F.categories(awayAndImprisoned, rules: local) == [.ruralLeftBehind])
    }

    @Test("staff-set categories are never derived; the derived ones are the four the law defines by facts")
    func derivedSet() {
        #expect(ChildCategory.derived == [.ruralLeftBehind, .orphanInstitutional, .orphanDispersed, .deFactoUnsupported])
        #expect(ChildCategory.national.count == 11)
        #expect(ChildCategory.difficultPoverty.title == .init(zh: "困境儿童(家庭贫困)", en: "Child in difficulty (family poverty)"))
        #expect(ChildCategory(rawValue: "temporary-difficulty") == .local("temporary-difficulty"))
        #expect(ChildCategory(rawValue: "temporary-difficulty").title.zh == "temporary-difficulty")
        #expect(ChildCategory.national.allSatisfy { ChildCategory(rawValue: $0.rawValue) == $0 && $0.title.zh != $0.rawValue })
    }
}
