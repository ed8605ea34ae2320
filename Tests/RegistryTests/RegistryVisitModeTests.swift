import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

/// 走访方式与走访周期: where a district counts only in-home visits (常州/武进: 一月至少1次入户巡访), a phone call is recorded
/// but does not move the next home visit's due date; elsewhere every mode counts.
@Suite("计入走访周期的走访方式 visit modes that count toward the interval")
struct RegistryVisitModeTests {
    @Test("under [\"home\"] a phone call leaves the due date where the home visit put it; in a sibling township it moves it")
    func phoneCallUnderHomeOnly() async throws {
        try await RegistryFixture.with { test, client, tokens in
            try await test.owner.withConnection { connection in
                try await test.platform.context.policy.set(
                    RegistryPolicy.cadenceVisitModes.key, district: TestPlatform.townshipA,
                    effectiveFrom: CalendarDate(year: 2020, month: 1, day: 1)!,
                    value: #"["home"]"#, source: "武进区 一月至少1次入户巡访", on: connection)
            }
            let today = WallClock.system.today()
            func open(_ id: String, _ village: DistrictCode, _ token: String) async throws -> String {
                let opened = try await client.call(
                    .post, "/api/v1/registry/children", token: token, json: RegistryFixture.leftBehind(id, village: village))
                #expect(opened.status == .created, "\(opened.text)")
                return try #require(opened.body["id"] as? String)
            }
            func visit(_ child: String, _ on: CalendarDate, _ mode: String, _ token: String) async throws -> String? {
                let visited = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/visits", token: token, json: ["visitedOn": on.description, "mode": mode])
                #expect(visited.status == .created, "\(visited.text)")
                return visited.body["nextDue"] as? String
            }
            func due(_ child: String, _ token: String) async throws -> String? {
                try await client.call(.get, "/api/v1/registry/children/\(child)", token: token).body["nextVisitDue"] as? String
            }
            let counted = try await open("320412201505050015", TestPlatform.villageA, tokens.director)
            let afterHome = try await visit(counted, today.adding(days: -10), "home", tokens.director)
            #expect(try await visit(counted, today.adding(days: -2), "phone", tokens.director) == afterHome)
            #expect(try await due(counted, tokens.director) == afterHome)
            #expect(try await visit(counted, today.adding(days: -1), "home", tokens.director) != afterHome)

            let elsewhere = try await open("320412201606060028", TestPlatform.villageB, tokens.otherDirector)
            let homeThere = try await visit(elsewhere, today.adding(days: -10), "home", tokens.otherDirector)
            let phoneThere = try await visit(elsewhere, today.adding(days: -2), "phone", tokens.otherDirector)
            #expect(phoneThere != homeThere && phoneThere != nil)
            #expect(try await due(elsewhere, tokens.otherDirector) == phoneThere)
        }
    }

    @Test("the policy refuses a mode that does not exist, naming the key")
    func unknownMode() async throws {
        try await RegistryFixture.with { test, _, _ in
            await #expect {
                try await test.owner.withConnection { connection in
                    try await test.platform.context.policy.set(
                        RegistryPolicy.cadenceVisitModes.key, district: TestPlatform.townshipA,
                        effectiveFrom: CalendarDate(year: 2020, month: 1, day: 1)!, value: #"["wechat"]"#, source: "x", on: connection)
                }
            } throws: { ($0 as? Problem)?.status == 422 }
        }
    }
}
