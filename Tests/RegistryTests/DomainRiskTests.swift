import Districts
import Testing
import Vocabulary

@testable import Registry

@Suite("四色管理: 强制红色, 走访周期")
struct DomainRiskTests {
    typealias F = DomainFixture

    @Test(
        "findings that force the highest colour",
        arguments: [
            (VisitFindings(age: 15, livesAlone: true), ["未满 16 周岁脱离监护单独生活 (未成年人保护法 第21条)"]),
            (VisitFindings(age: 16, livesAlone: true), []),
            (VisitFindings(age: 17, suspectedViolence: true), ["疑似遭受家庭暴力、虐待或欺凌 (强制报告意见 第4条)"]),
            (VisitFindings(age: 8, mandatoryReportSituation: true), ["属于强制报告情形, 应立即向公安机关报告 (强制报告意见 第4条; 未成年人保护法 第11条)"]),
            (VisitFindings(age: 8), [])
        ])
    func forced(findings: VisitFindings, reasons: [String]) {
        #expect(ForcedRed.reasons(for: findings) == reasons)
    }

    @Test("all three at once give three reasons")
    func allThree() {
        #expect(
            ForcedRed.reasons(for: VisitFindings(age: 12, livesAlone: true, suspectedViolence: true, mandatoryReportSituation: true)).count
                == 3)
    }

    @Test("the standard scheme: 红 黄 蓝 绿, red highest, 7/15/30/30 days, none longer than 一月一访")
    func standard() throws {
        let scheme = RiskScheme.standard
        #expect(scheme.levels.map(\.colour) == [.red, .yellow, .blue, .green])
        #expect(scheme.levels.map(\.name) == ["红", "黄", "蓝", "绿"])
        #expect(scheme.highest == .red)
        #expect(RiskColour.allCases.map(scheme.visitIntervalDays(for:)) == [7, 15, 30, 30])
        #expect(scheme.levels.allSatisfy { $0.visitIntervalDays <= RiskScheme.monthlyFloorDays })
        try scheme.validate()
    }

    @Test(
        "next due = visit day + the colour's interval",
        arguments: [
            ("2026-01-28", RiskColour.red, "2026-02-04"), ("2025-12-20", .yellow, "2026-01-04"),
            ("2024-02-15", .blue, "2024-03-16"), ("2025-02-15", .green, "2025-03-17")
        ])
    func nextDue(visited: String, colour: RiskColour, due: String) throws {
        let district = try #require(DistrictCode("320412100201"))
        #expect(try VisitCadence.nextDue(after: F.day(visited), colour: colour, scheme: .standard, in: district) == F.day(due))
    }

    @Test("a colour the scheme lacks gets its shortest interval (浙江's three codes have no blue)")
    func missingColour() throws {
        let zhejiang = RiskScheme(levels: [
            .init(colour: .red, name: "红码", meaning: "高", visitIntervalDays: 10),
            .init(colour: .yellow, name: "黄码", meaning: "中", visitIntervalDays: 20),
            .init(colour: .green, name: "绿码", meaning: "低", visitIntervalDays: 30)
        ])
        let district = try #require(DistrictCode("320412100201"))
        #expect(try VisitCadence.nextDue(after: F.day("2026-03-01"), colour: .blue, scheme: zhejiang, in: district) == F.day("2026-03-11"))
    }

    @Test(
        "overdue from the day after the due date; due soon within the window",
        arguments: [
            ("2026-03-02", false, false), ("2026-03-03", false, true), ("2026-03-10", false, true), ("2026-03-11", true, false)
        ])
    func overdueAndDueSoon(today: String, overdue: Bool, dueSoon: Bool) {
        let due = F.day("2026-03-10")
        #expect(VisitCadence.isOverdue(nextDue: due, today: F.day(today)) == overdue)
        #expect(VisitCadence.isDueSoon(nextDue: due, today: F.day(today), window: 7) == dueSoon)
    }

    @Test("a scheme with no levels, a colour twice or an interval under a day is refused")
    func invalidSchemes() {
        let red = RiskScheme.Level(colour: .red, name: "红", meaning: "高风险", visitIntervalDays: 7)
        var zero = red
        zero.visitIntervalDays = 0
        for scheme in [RiskScheme(levels: []), RiskScheme(levels: [red, red]), RiskScheme(levels: [zero])] {
            #expect(throws: Problem.self) { try scheme.validate() }
        }
    }
}
