import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import Registry

@Suite("转移交接 transfers")
struct RegistryTransferTests {
    static let other = "320412201406060023"

    @Test("the receiving village accepts: until then the sender is responsible, afterwards the receiver is")
    func accept() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let proposed = try await client.call(
                .post, "/api/v1/registry/children/\(id)/transfers", token: tokens.director,
                json: ["toDistrict": TestPlatform.villageB.description, "reason": "随祖母迁居卢家巷村"])
            #expect(proposed.status == .created, "\(proposed.text)")
            let transfer = try #require(proposed.body["id"] as? Int)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/children/\(id)/transfers", token: tokens.director,
                    json: ["toDistrict": TestPlatform.villageB.description, "reason": "再次"]
                ).status == .conflict)

            // Before acceptance: the sender still holds the file; the receiver sees the proposal and its summary only.
            var file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director)
            #expect(file.body["responsibleDistrict"] as? String == TestPlatform.villageA.description)
            #expect((file.body["pendingTransfer"] as? [String: Any])?["id"] as? Int == transfer)
            #expect(try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.otherDirector).status == .notFound)
            let incoming = try await client.call(.get, "/api/v1/registry/transfers?direction=incoming", token: tokens.otherDirector)
            let listed = try #require((incoming.body["transfers"] as? [[String: Any]])?.first)
            #expect((listed["summary"] as? [String: Any])?["name"] as? String == "张三明")
            #expect(
                (try await client.call(.get, "/api/v1/registry/transfers?direction=incoming", token: tokens.director).body["transfers"]
                    as? [Any])?.isEmpty == true)
            #expect(
                (try await client.call(.get, "/api/v1/registry/transfers?direction=outgoing", token: tokens.director).body["transfers"]
                    as? [Any])?.count == 1)

            // Only the receiving side may accept.
            #expect(
                try await client.call(.post, "/api/v1/registry/transfers/\(transfer)/accept", token: tokens.director, json: [:]).status
                    == .forbidden)
            let accepted = try await client.call(
                .post, "/api/v1/registry/transfers/\(transfer)/accept", token: tokens.otherDirector, json: ["note": "已接收"])
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(accepted.body["residenceDistrict"] as? String == TestPlatform.villageB.description)
            #expect(accepted.body["responsibleDistrict"] as? String == TestPlatform.villageB.description)
            #expect(accepted.body["pendingTransfer"] == nil)
            file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.otherSupervisor)
            #expect(file.status == .ok)
            // 马杭村 is still the household-registration village: it keeps seeing the child, no longer responsible.
            file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director)
            #expect(file.body["responsibleDistrict"] as? String == TestPlatform.villageB.description)
            #expect(
                try await client.call(
                    .post, "/api/v1/registry/transfers/\(transfer)/reject", token: tokens.otherDirector, json: ["note": "晚了"]
                ).status == .conflict)

            let topics = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT topic FROM core.events WHERE child_id = \(UUID(uuidString: id)!) ORDER BY id", logger: test.logger
                ).decode(String.self).collect()
            }
            #expect(topics.last == "registry.transfer.completed")
        }
    }

    @Test("the receiver rejects with a reason; the child stays with the sender, who may propose again or withdraw")
    func rejectAndWithdraw() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            let transfer = try #require(
                try await client.call(
                    .post, "/api/v1/registry/children/\(id)/transfers", token: tokens.director,
                    json: ["toDistrict": TestPlatform.villageB.description, "reason": "迁居"]
                ).body["id"] as? Int)
            let blank = try await client.call(
                .post, "/api/v1/registry/transfers/\(transfer)/reject", token: tokens.otherDirector, json: ["note": " "])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.body["field"] as? String == "note")
            let rejected = try await client.call(
                .post, "/api/v1/registry/transfers/\(transfer)/reject", token: tokens.otherDirector, json: ["note": "经核实未在本村居住"])
            #expect(rejected.body["status"] as? String == "rejected")
            let file = try await client.call(.get, "/api/v1/registry/children/\(id)", token: tokens.director)
            #expect(file.body["residenceDistrict"] as? String == TestPlatform.villageA.description)
            #expect(file.body["pendingTransfer"] == nil)
            #expect(
                try await client.call(.post, "/api/v1/registry/transfers/\(transfer)/accept", token: tokens.otherDirector, json: [:]).status
                    == .conflict)

            let again = try #require(
                try await client.call(
                    .post, "/api/v1/registry/children/\(id)/transfers", token: tokens.director,
                    json: ["toDistrict": TestPlatform.villageB.description, "reason": "补充材料后再次提出"]
                ).body["id"] as? Int)
            #expect(
                try await client.call(.post, "/api/v1/registry/transfers/\(again)/withdraw", token: tokens.otherDirector, json: [:]).status
                    == .forbidden)
            let withdrawn = try await client.call(.post, "/api/v1/registry/transfers/\(again)/withdraw", token: tokens.director, json: [:])
            #expect(withdrawn.body["status"] as? String == "withdrawn")
            let all = try await client.call(.get, "/api/v1/registry/transfers?direction=outgoing&status=all", token: tokens.director)
            #expect((all.body["transfers"] as? [[String: Any]])?.compactMap { $0["status"] as? String } == ["withdrawn", "rejected"])
        }
    }

    @Test("bad proposals name the field: unknown district, the child's own village, a missing reason; strangers get 404")
    func badProposals() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let id = try #require(
                try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind()).body[
                    "id"] as? String)
            for (body, field) in [
                (["toDistrict": "320412999999", "reason": "x"], "toDistrict"), (["toDistrict": "3204", "reason": "x"], "toDistrict"),
                (["toDistrict": TestPlatform.villageA.description, "reason": "x"], "toDistrict"),
                (["toDistrict": TestPlatform.villageB.description, "reason": ""], "reason")
            ] {
                let response = try await client.call(.post, "/api/v1/registry/children/\(id)/transfers", token: tokens.director, json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.body["field"] as? String == field)
            }
            let stranger = try await client.call(
                .post, "/api/v1/registry/children/\(id)/transfers", token: tokens.otherDirector,
                json: ["toDistrict": TestPlatform.villageB.description, "reason": "x"])
            #expect(stranger.status == .notFound)
        }
    }
}
