import Contract
import Foundation
import Testing

@testable import Registry

/// The registry's answers that depend on the day, computed "as of" another day through the real router.
@Suite("registry as of another day")
struct RegistryClockTests {
    @Test(
        "as of 2030-01-10: a new file is due after that day, a child born 2015-05-05 is 14 in the roster's age filter, a visit on 2030-01-08 is not in the future, and a file due 2030-01-05 is overdue on the work list and in the file"
    )
    func asOfAnotherDay() async throws {
        let day = try #require(CalendarDate("2030-01-10"))
        try await RegistryFixture.with(clock: WallClock(asOf: day)) { test, client, tokens in
            let opened = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.manager, json: RegistryFixture.leftBehind())
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened.body["id"] as? String)
            let due = try #require((opened.body["nextVisitDue"] as? String).flatMap { CalendarDate($0) })
            #expect(due > day, "due \(due)")
            #expect(opened.body["overdue"] as? Bool == false)

            func roster(_ ages: String) async throws -> [String] {
                let page = try await client.call(.get, "/api/v1/registry/children?district=320412100201&\(ages)", token: tokens.manager)
                return (page.body["children"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            }
            #expect(try await roster("minAge=14&maxAge=14") == [id])
            #expect(try await roster("minAge=11&maxAge=13").isEmpty, "11 on the real day, 14 as of 2030-01-10")

            let visit = try await client.call(
                .post, "/api/v1/registry/children/\(id)/visits", token: tokens.manager, json: ["visitedOn": "2030-01-08", "mode": "home"])
            #expect(visit.status == .created, "\(visit.text)")
            let future = try await client.call(
                .post, "/api/v1/registry/children/\(id)/visits", token: tokens.manager, json: ["visitedOn": "2030-01-11", "mode": "home"])
            #expect(future.status == .unprocessableContent)

            try await test.owner.withConnection { connection in
                try await connection.run(
                    "UPDATE registry.files SET next_visit_due = '2030-01-05' WHERE child_id = \(try #require(UUID(uuidString: id)))",
                    logger: test.logger)
            }
            let overdue = try await client.call(.get, "/api/v1/registry/worklists/overdue?district=320412000000", token: tokens.manager)
            #expect(overdue.status == .ok, "\(overdue.text)")
            #expect(overdue.body["total"] as? Int == 1)
            #expect((overdue.body["children"] as? [[String: Any]])?.first?["id"] as? String == id)
            let file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.manager)
            #expect(file.body["overdue"] as? Bool == true)
        }
    }

    @Test("a date the file's columns cannot hold is answered with a 500 problem, not a crash")
    func corruptDate() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.manager, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            try await test.owner.withConnection { connection in
                try await connection.run(
                    "UPDATE registry.files SET next_visit_due = 'infinity' WHERE child_id = \(try #require(UUID(uuidString: id)))",
                    logger: test.logger)
            }
            let file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.manager)
            #expect(file.status == .internalServerError)
            #expect(file.body["type"] != nil, "\(file.text)")
        }
    }
}
