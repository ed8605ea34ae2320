import Districts
import Foundation
import Schedules
import Testing
import Vocabulary

@testable import Registry

/// 走访周期 on the schedule engine: the due dates the planner computes from the cadence declaration equal the old
/// arithmetic (visit day + the colour's interval in days) for every colour, across month ends and a leap day.
@Suite("走访周期: 日程引擎的到期日与原周期一致")
struct VisitCadenceScheduleTests {
    typealias F = DomainFixture

    static let visitDays = ["2024-02-22", "2024-02-29", "2025-01-31", "2025-12-20", "2025-12-31", "2026-11-30"]

    @Test(
        "the engine's next due equals visit day + the colour's interval, for each colour of the standard and a three-colour scheme",
        arguments: RiskColour.allCases)
    func engineEqualsOldCadence(colour: RiskColour) throws {
        let district = try #require(DistrictCode("320412100201"))
        let zhejiang = RiskScheme(levels: [
            .init(colour: .red, name: "红码", meaning: "高", visitIntervalDays: 10),
            .init(colour: .yellow, name: "黄码", meaning: "中", visitIntervalDays: 20),
            .init(colour: .green, name: "绿码", meaning: "低", visitIntervalDays: 30)
        ])
        for scheme in [RiskScheme.standard, zhejiang] {
            for text in Self.visitDays {
                let visited = F.day(text)
                let old = visited.adding(days: scheme.visitIntervalDays(for: colour))
                #expect(try VisitCadence.nextDue(after: visited, colour: colour, scheme: scheme, in: district) == old, "\(colour) \(text)")
                #expect(
                    try VisitCadence.firstDue(opened: visited, scheme: scheme, in: district)
                        == visited.adding(days: scheme.visitIntervalDays(for: scheme.lowest)))
            }
        }
    }

    @Test("the table of the standard scheme: red 7, yellow 15, blue and green 30 days")
    func standardTable() throws {
        let district = try #require(DistrictCode("320412100201"))
        let table: [(RiskColour, String, String)] = [
            (.red, "2024-02-22", "2024-02-29"), (.yellow, "2024-02-22", "2024-03-08"), (.blue, "2024-02-22", "2024-03-23"),
            (.green, "2025-12-31", "2026-01-30"), (.red, "2025-12-31", "2026-01-07"), (.yellow, "2026-11-30", "2026-12-15")
        ]
        for (colour, visited, due) in table {
            #expect(try VisitCadence.nextDue(after: F.day(visited), colour: colour, scheme: .standard, in: district) == F.day(due))
        }
    }

    @Test("the cadence is a schedule declaration: one recurring visit, the interval chosen by the colour, valid as policy JSON")
    func declarationAsData() throws {
        let declaration = try VisitCadence.declaration(.standard)
        #expect(declaration.id == "registry.visits")
        #expect(declaration.items.map(\.key) == ["visit"])
        let recurrence = try #require(declaration.items.first?.recurrence)
        #expect(recurrence.by == "colour")
        #expect(recurrence.intervalBy == ["red": .days(7), "yellow": .days(15), "blue": .days(30), "green": .days(30)])
        #expect(recurrence.every == .days(7))
        let decoded = try JSONDecoder().decode(ScheduleDeclaration.self, from: JSONEncoder().encode(declaration))
        #expect(decoded == declaration)
    }
}
