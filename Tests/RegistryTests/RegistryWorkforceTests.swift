import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

@Suite("工作队伍台账 workforce ledger")
struct RegistryWorkforceTests {
    @Test("directors per village and supervisors per township; coverage, training, leaving the post")
    func ledger() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let appointed = try await client.call(
                .post, "/api/v1/registry/workers", token: tokens.manager,
                json: [
                    "district": TestPlatform.villageA.description, "role": "director", "name": "王芳", "phone": "13900001111",
                    "appointedOn": "2025-03-01"
                ])
            #expect(appointed.status == .created, "\(appointed.text)")
            let director = try #require(appointed.body["id"] as? Int)
            _ = try await client.call(
                .post, "/api/v1/registry/workers", token: tokens.manager,
                json: ["district": TestPlatform.townshipA.description, "role": "supervisor", "name": "李强", "appointedOn": "2024-06-01"])
            let misplaced = try await client.call(
                .post, "/api/v1/registry/workers", token: tokens.manager,
                json: ["district": TestPlatform.townshipB.description, "role": "director", "name": "赵敏", "appointedOn": "2025-03-01"])
            #expect(misplaced.status == .unprocessableContent)
            #expect(misplaced.body["field"] as? String == "district")
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/workers", token: tokens.director,
                    json: ["district": TestPlatform.villageA.description, "role": "director", "name": "x", "appointedOn": "2025-03-01"]
                ).status == .forbidden)

            // 武进区 has three villages and two townships in the test tree.
            var coverage = try await client.call(.get, "/api/v1/registry/workforce/coverage?district=320412000000", token: tokens.manager)
            #expect(coverage.body["villages"] as? Int == 3)
            #expect(coverage.body["villagesWithDirector"] as? Int == 1)
            #expect(coverage.body["townshipsWithSupervisor"] as? Int == 1)
            #expect(coverage.body["trainedLastYear"] as? Double == 0)
            let indicators = try await client.call(.get, "/api/v1/registry/indicators?district=320412000000", token: tokens.manager)
            #expect(indicators.body["childDirectorCoverage"] as? Double == 1.0 / 3.0)

            let trained = try await client.call(
                .post, "/api/v1/registry/workers/\(director)/trainings", token: tokens.manager,
                json: [
                    "heldOn": WallClock.system.today().adding(days: -5).description, "title": "儿童主任能力提升培训", "hours": 16,
                    "provider": "常州市民政局"
                ])
            #expect(trained.body["trainings"] as? Int == 1)
            #expect(trained.body["trainingHours"] as? Double == 16)
            let noHours = try await client.call(
                .post, "/api/v1/registry/workers/\(director)/trainings", token: tokens.manager,
                json: ["heldOn": "2026-01-01", "title": "培训", "hours": 0])
            #expect(noHours.body["field"] as? String == "hours")
            coverage = try await client.call(.get, "/api/v1/registry/workforce/coverage?district=320412000000", token: tokens.manager)
            #expect(coverage.body["trainedLastYear"] as? Double == 0.5)

            let ended = try await client.call(
                .post, "/api/v1/registry/workers/\(director)/end", token: tokens.manager,
                json: ["endedOn": WallClock.system.today().description, "reason": "调任"])
            #expect(ended.body["endedOn"] as? String == WallClock.system.today().description)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/workers/\(director)/end", token: tokens.manager,
                    json: ["endedOn": WallClock.system.today().description, "reason": "x"]
                ).status == .conflict)
            coverage = try await client.call(.get, "/api/v1/registry/workforce/coverage?district=320412000000", token: tokens.manager)
            #expect(coverage.body["villagesWithDirector"] as? Int == 0)
            let inPost = try await client.call(.get, "/api/v1/registry/workers?district=320412000000", token: tokens.manager)
            #expect((inPost.body["workers"] as? [[String: Any]])?.map { $0["name"] as? String } == ["李强"])
            let everyone = try await client.call(.get, "/api/v1/registry/workers?district=320412000000&all=true", token: tokens.manager)
            #expect((everyone.body["workers"] as? [Any])?.count == 2)
            // Scope: 牛塘镇's supervisor does not see 湖塘镇's ledger.
            #expect(
                try await client.call(.get, "/api/v1/registry/workers?district=320412100000&all=true", token: tokens.otherSupervisor).status
                    == .notFound)
            let theirs = try await client.call(
                .get, "/api/v1/registry/workers?district=320412101000&all=true", token: tokens.otherSupervisor)
            #expect((theirs.body["workers"] as? [Any])?.isEmpty == true)
        }
    }
}
