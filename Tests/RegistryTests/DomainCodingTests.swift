import Foundation
import RegistryInterface
import Testing
import Vocabulary

@testable import Registry

@Suite("认定规则与记录的 JSON 形式和校验")
struct DomainCodingTests {
    typealias F = DomainFixture

    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("the national rules encode the same way every time, condition sets in declaration order, and decode back")
    func nationalRules() throws {
        let text = try json(DerivationRules.national)
        #expect(
            text
                == #"{"continueForFullTimeStudents":false,"deFactoBothParents":["severe-illness","severe-disability","imprisoned","compulsory-detox","other-liberty-restriction","lost-contact","guardianship-revoked"],"deFactoOnlyWithGoneParent":["deported"],"leftBehindAgeLimit":16,"leftBehindIncapable":["severe-illness","severe-disability"],"minorAgeLimit":18,"studentAgeLimit":22}"#
        )
        #expect(try JSONDecoder().decode(DerivationRules.self, from: Data(text.utf8)) == .national)
    }

    @Test("the standard risk scheme round-trips")
    func riskScheme() throws {
        let text = try json(RiskScheme.standard)
        #expect(try JSONDecoder().decode(RiskScheme.self, from: Data(text.utf8)) == .standard)
    }

    @Test("a category is its raw value; a district's own one round-trips")
    func categories() throws {
        #expect(
            try json([ChildCategory.ruralLeftBehind, ChildCategory(rawValue: "temporary-difficulty")])
                == #"["rural-left-behind","temporary-difficulty"]"#)
        let decoded = try JSONDecoder().decode([ChildCategory].self, from: Data(#"["de-facto-unsupported","temporary-difficulty"]"#.utf8))
        #expect(decoded == [.deFactoUnsupported, ChildCategory(rawValue: "temporary-difficulty")])
    }

    @Test("a parent status as the API sends it")
    func parentStatus() throws {
        let text =
            #"{"parent":"mother","condition":"severe-disability","since":"2020-01-01","disabilityGrade":3,"disabilityType":"intellectual"}"#
        let status = try JSONDecoder().decode(ParentStatus.self, from: Data(text.utf8))
        #expect(
            status
                == ParentStatus(
                    parent: .mother, condition: .severeDisability, since: F.day("2020-01-01"), disabilityGrade: 3,
                    disabilityType: .intellectual))
        #expect(status.summary == "母亲 重残 自 2020-01-01 (三级 智力残疾)")
    }

    @Test(
        "parent statuses the rules cannot read are refused, naming the field",
        arguments: [
            (ParentStatus(parent: .father, condition: .workingAway, since: DomainFixture.day("2026-07-01")), "since"),
            (
                ParentStatus(
                    parent: .father, condition: .workingAway, since: DomainFixture.day("2026-01-01"), until: DomainFixture.day("2026-01-01")
                ), "until"
            ),
            (ParentStatus(parent: .father, condition: .workingAway, since: DomainFixture.day("2026-01-01"), termMonths: 12), "termMonths"),
            (ParentStatus(parent: .father, condition: .imprisoned, since: DomainFixture.day("2026-01-01"), termMonths: 0), "termMonths"),
            (
                ParentStatus(
                    parent: .father, condition: .severeDisability, since: DomainFixture.day("2026-01-01"), disabilityType: .mental),
                "disabilityGrade"
            ),
            (
                ParentStatus(
                    parent: .father, condition: .severeDisability, since: DomainFixture.day("2026-01-01"), disabilityGrade: 5,
                    disabilityType: .mental), "disabilityGrade"
            ),
            (
                ParentStatus(parent: .father, condition: .severeDisability, since: DomainFixture.day("2026-01-01"), disabilityGrade: 2),
                "disabilityType"
            ),
            (
                ParentStatus(parent: .father, condition: .severeIllness, since: DomainFixture.day("2026-01-01"), disabilityGrade: 2),
                "disabilityGrade"
            )
        ])
    func invalid(status: ParentStatus, field: String) {
        #expect { try status.validate(today: F.today) } throws: { ($0 as? Problem)?.field == field }
    }

    @Test("valid statuses pass, including an until in the future")
    func valid() throws {
        try ParentStatus(parent: .father, condition: .imprisoned, since: F.day("2025-01-01"), until: F.day("2028-01-01"), termMonths: 36)
            .validate(today: F.today)
        try F.counting(.mother, .severeDisability).validate(today: F.today)
        try F.counting(.mother, .lostContact).validate(today: F.today)
    }
}
