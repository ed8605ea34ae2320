import Contract
import Foundation
import TestSupport
import Testing

@testable import DropoutControl

@Suite("四查三比对 comparison, ledgers and scope")
struct ComparisonRouteTests {
    typealias F = DropoutFixture

    @Test("the programme passes the conformance check")
    func conformance() async throws {
        try await ProgrammeConformance.check(DropoutControlProgramme.self)
    }

    @Test("watched children of school age with no enrolment record are on the out-of-school ledger, also when registered after the import")
    func comparison() async throws {
        try await F.with { test, client, tokens in
            // 王浩然 is enrolled before he is registered anywhere: the blind index matches him later.
            try await F.load(test, F.header + F.row(F.zhang, "张三明") + F.row(F.wang, "王浩然"))
            try await F.watch(test, F.zhang)
            let li = try await F.watch(test, F.li, name: "李思雨", categories: [.ruralLeftBehind, .orphanDispersed])
            try await F.watch(test, F.wang, name: "王浩然")
            try await F.watch(test, F.young, name: "小明")
            try await F.watch(test, F.other, name: "赵六", village: F.otherVillage)
            let run = try await client.call(
                .post, "/api/v1/dropout-control/comparisons", token: tokens.officer,
                json: ["district": TestPlatform.county.description, "term": F.term])
            #expect(run.status == .created, "\(run.text)")
            #expect(run.body["cutOff"] as? String == "2026-08-31")
            #expect(run.body["ledgers"] as? [String: Int] == ["out-of-school": 1, "suspected-dropout": 0, "dropout": 0])
            #expect(UUID(uuidString: run.body["id"] as? String ?? "") != nil)
            let ledger = try await client.call(
                .get, "/api/v1/dropout-control/ledgers/out-of-school?district=320412000000&term=\(F.term)", token: tokens.viewer)
            #expect(ledger.status == .ok, "\(ledger.text)")
            let entries = try #require(ledger.body["entries"] as? [[String: Any]])
            #expect(entries.map { $0["child"] as? String } == [li.uuidString])
            #expect(entries.first?["idNumberMasked"] as? String == "320412********0023")
            #expect(entries.first?["groups"] as? [String] == ["orphan", "left-behind"])
            #expect(
                try await client.call(
                    .get, "/api/v1/dropout-control/ledgers/nonsense?district=320412000000&term=\(F.term)", token: tokens.viewer
                ).status == .notFound)
            #expect(
                try await client.call(.get, "/api/v1/dropout-control/ledgers/dropout?district=320412000000", token: tokens.viewer).status
                    == .unprocessableContent)
            #expect(
                try await client.call(
                    .post, "/api/v1/dropout-control/comparisons", token: tokens.officer,
                    json: ["district": TestPlatform.county.description, "term": "2027-spring"]
                ).body["field"] as? String == "term")
        }
    }

    @Test("scope between two counties: neither officer compares, reads or opens cases in the other county")
    func scopeBetweenCounties() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let li = try await F.watch(test, F.li, name: "李思雨")
            let other = try await F.watch(test, F.other, name: "赵六", village: F.otherVillage)
            for (token, mine, theirs, child) in [
                (tokens.officer, "320412000000", "320411000000", li), (tokens.otherOfficer, "320411000000", "320412000000", other)
            ] {
                let run = try await client.call(
                    .post, "/api/v1/dropout-control/comparisons", token: token, json: ["district": mine, "term": F.term])
                #expect((run.body["ledgers"] as? [String: Int])?["out-of-school"] == 1)
                #expect(
                    try await client.call(
                        .post, "/api/v1/dropout-control/comparisons", token: token, json: ["district": theirs, "term": F.term]
                    ).status == .notFound)
                #expect(
                    try await client.call(
                        .get, "/api/v1/dropout-control/ledgers/out-of-school?district=\(theirs)&term=\(F.term)", token: token
                    ).status == .notFound)
                let ledger = try await client.call(
                    .get, "/api/v1/dropout-control/ledgers/out-of-school?district=\(mine)&term=\(F.term)", token: token)
                #expect((ledger.body["entries"] as? [[String: Any]])?.map { $0["child"] as? String } == [child.uuidString])
            }
            // A case on 武进's child is invisible to 新北's officer.
            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.officer, json: ["student": ["child": li.uuidString], "term": F.term])
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened.body["id"] as? String)
            #expect(try await client.call(.get, "/api/v1/dropout-control/cases/\(id)", token: tokens.otherOfficer).status == .notFound)
            #expect(
                try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/verify", token: tokens.otherOfficer, json: ["note": "核实"])
                    .status == .notFound)
            #expect(
                try await client.call(
                    .post, "/api/v1/dropout-control/cases", token: tokens.otherOfficer,
                    json: ["student": ["child": li.uuidString], "term": F.term]
                ).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/dropout-control/cases/\(id)", token: tokens.viewer).status == .ok)
            #expect(
                try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/verify", token: tokens.viewer, json: ["note": "核实"])
                    .status == .forbidden)
        }
    }
}
