import Contract
import Foundation
import TestSupport
import Testing

@testable import DropoutControl

/// 名在人不在: a student the enrolment registry marks dropped out is on the suspected-dropout ledger after a comparison.
@Suite("学籍状态 enrolment status at comparison")
struct EnrolmentStatusComparisonTests {
    typealias F = DropoutFixture

    @Test("辍学 and its local words open one suspected case each at comparison; 休学 and 送教上门 do not; a re-run adds none")
    func droppedOutStudentsAreSuspected() async throws {
        try await F.with { test, client, tokens in
            try await F.load(
                test,
                F.header + F.row(F.zhang, "张三明", status: "辍学") + F.row(F.li, "李思雨", status: "流失")
                    + F.row(F.wang, "王浩然", status: "休学") + F.row(F.young, "小明", status: "送教上门"))
            let zhang = try await F.watch(test, F.zhang)
            try await F.watch(test, F.li, name: "李思雨")
            try await F.watch(test, F.wang, name: "王浩然")
            for _ in 1...2 {
                let run = try await client.call(
                    .post, "/api/v1/dropout-control/comparisons", token: tokens.officer,
                    json: ["district": TestPlatform.county.description, "term": F.term])
                #expect(run.status == .created, "\(run.text)")
                #expect(run.body["ledgers"] as? [String: Int] == ["out-of-school": 0, "suspected-dropout": 2, "dropout": 0], "\(run.text)")
            }
            let ledger = try await client.call(
                .get, "/api/v1/dropout-control/ledgers/suspected-dropout?district=\(TestPlatform.county)&term=\(F.term)",
                token: tokens.viewer)
            #expect(ledger.status == .ok, "\(ledger.text)")
            let entries = try #require(ledger.body["entries"] as? [[String: Any]])
            #expect(Set(entries.compactMap { $0["name"] as? String }) == ["张三明", "李思雨"], "\(ledger.text)")
            #expect(entries.allSatisfy { $0["state"] as? String == "suspected" && $0["school"] as? String == "湖塘中心小学" })
            #expect(entries.contains { $0["child"] as? String == zhang.uuidString })

            // Another county's officer neither sees these cases nor opens any by comparing there.
            let other = try await client.call(
                .post, "/api/v1/dropout-control/comparisons", token: tokens.otherOfficer,
                json: ["district": TestPlatform.otherCounty.description, "term": F.term])
            #expect((other.body["ledgers"] as? [String: Int])?["suspected-dropout"] == 0, "\(other.text)")
        }
    }
}
