import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import DropoutControl

@Suite("个案 cases: absences, persuasion, written report, 动态销号")
struct CaseRouteTests {
    typealias F = DropoutFixture

    func setPolicy(_ test: TestPlatform, _ key: String, _ district: DistrictCode, _ value: String, _ source: String) async throws {
        try await test.owner.withConnection { connection in
            try await test.platform.context.policy.set(
                key, district: district, effectiveFrom: CalendarDate("2026-01-01")!, value: value, source: source, on: connection)
        }
    }

    @Test("the absence threshold set by a county overrides the province's; the school sees its threshold and source")
    func countyThreshold() async throws {
        try await F.with { test, client, tokens in
            try await setPolicy(test, DropoutPolicy.absenceThreshold.key, TestPlatform.province, "5", "省控辍保学办法")
            try await setPolicy(test, DropoutPolicy.absenceThreshold.key, TestPlatform.county, "2", "武进区实施细则")
            try await F.load(test, F.header + F.row(F.zhang, "张三明") + F.row(F.other, "赵六", school: "孟河小学", district: F.otherTownship))
            let report = ["term": F.term, "consecutiveDays": 3, "lastAttended": "2026-03-02"] as [String: Any]
            let wujin = try await client.call(
                .post, "/api/v1/dropout-control/absences", token: tokens.school, json: report.merging(["idNumber": F.zhang]) { $1 })
            #expect(wujin.status == .created, "\(wujin.text)")
            #expect(wujin.body["suspected"] as? Bool == true)
            #expect(wujin.body["threshold"] as? Int == 2 && wujin.body["thresholdSource"] as? String == "武进区实施细则")
            let caseID = try #require(wujin.body["caseID"] as? String)
            let xinbei = try await client.call(
                .post, "/api/v1/dropout-control/absences", token: tokens.otherSchool, json: report.merging(["idNumber": F.other]) { $1 })
            #expect(xinbei.body["suspected"] as? Bool == false && xinbei.body["threshold"] as? Int == 5)
            #expect(xinbei.body["caseID"] == nil)
            // A school reports only its own students.
            let foreign = try await client.call(
                .post, "/api/v1/dropout-control/absences", token: tokens.otherSchool, json: report.merging(["idNumber": F.zhang]) { $1 })
            #expect(foreign.status == .unprocessableContent && foreign.body["field"] as? String == "idNumber")
            let ledger = try await client.call(
                .get, "/api/v1/dropout-control/ledgers/suspected-dropout?district=320412000000&term=\(F.term)", token: tokens.officer)
            #expect((ledger.body["entries"] as? [[String: Any]])?.map { $0["id"] as? String } == [caseID])
            #expect((ledger.body["entries"] as? [[String: Any]])?.first?["school"] as? String == "湖塘中心小学")
        }
    }

    @Test("failed persuasion escalates to a written report, recorded with content and date, then legal measures; nothing is deleted")
    func escalation() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let child = try await F.watch(test, F.li, name: "李思雨")
            let opened = try await client.call(
                .post, "/api/v1/dropout-control/cases", token: tokens.school, json: ["student": ["child": child.uuidString], "term": F.term]
            )
            let id = try #require(opened.body["id"] as? String)
            #expect(opened.body["state"] as? String == "suspected")
            let today = WallClock.system.today()
            let attempt = [
                "party": "teacher", "by": "班主任 陈老师", "attemptedOn": today.description, "method": "home-visit", "outcome": "refused"
            ]
            #expect(
                try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.school, json: attempt).status
                    == .conflict)
            let verified = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/verify", token: tokens.school, json: ["note": "家访核实, 已外出打工"])
            #expect(verified.body["state"] as? String == "dropout")
            var current = verified
            for party in ["teacher", "village", "township"] {
                current = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.school,
                    json: attempt.merging(["party": party, "outcome": party == "township" ? "no-contact" : "refused"]) { $1 })
                #expect(current.status == .ok, "\(current.text)")
                #expect((current.body["reportDue"] != nil) == (party == "township"))
            }
            #expect((current.body["reportDue"] as? String)?.contains("3 次") == true)
            #expect(
                try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/reports", token: tokens.school, json: ["content": "劝返无效"])
                    .status == .forbidden)
            #expect(
                try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/reports", token: tokens.officer, json: ["content": " "])
                    .body["field"] as? String == "content")
            let reported = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/reports", token: tokens.officer,
                json: ["content": "李思雨经三次劝返仍未返校, 报请县教育局和湖塘镇政府督促", "reportedOn": today.description])
            #expect(reported.body["state"] as? String == "reported")
            #expect(reported.body["reportDue"] == nil)
            let reports = try #require(reported.body["reports"] as? [[String: Any]])
            #expect(reports.first?["reportedOn"] as? String == today.description)
            #expect(reports.first?["recipients"] as? [String] == ["县教育局", "乡镇政府"])
            let legal = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/legal-measures", token: tokens.officer,
                json: ["measure": "书面责令监护人送子女入学", "takenOn": today.description])
            #expect(legal.body["state"] as? String == "legal")
            #expect((legal.body["attempts"] as? [Any])?.count == 3)
            #expect(
                (legal.body["history"] as? [[String: Any]])?.map { $0["state"] as? String } == ["suspected", "dropout", "reported", "legal"]
            )
            let ledger = try await client.call(
                .get, "/api/v1/dropout-control/ledgers/dropout?district=320412000000&term=\(F.term)", token: tokens.viewer)
            #expect((ledger.body["entries"] as? [[String: Any]])?.first?["state"] as? String == "legal")
        }
    }

    @Test("closure needs a reason and evidence (the error names the field); returned closes only after the follow-up")
    func closure() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let child = try await F.watch(test, F.li, name: "李思雨")
            let id = try #require(
                try await client.call(
                    .post, "/api/v1/dropout-control/cases", token: tokens.officer,
                    json: ["student": ["child": child.uuidString], "term": F.term]
                ).body["id"] as? String)
            _ = try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/verify", token: tokens.officer, json: ["note": "核实"])
            let noReason = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer, json: ["evidence": "转学证明"])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.body["field"] as? String == "reason")
            #expect((noReason.body["detail"] as? String)?.contains("理由") == true)
            #expect(
                try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer, json: ["reason": "transferred"]
                ).body["field"] as? String == "evidence")
            #expect(
                try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer,
                    json: ["reason": "returned", "evidence": "复学"]
                ).body["field"] as? String == "reason")
            let today = WallClock.system.today()
            let back = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/attempts", token: tokens.officer,
                json: ["party": "township", "by": "湖塘镇 王干事", "attemptedOn": today.description, "method": "meeting", "outcome": "returned"])
            #expect(back.body["state"] as? String == "returned")
            #expect(back.body["followUpUntil"] as? String == today.adding(months: 3).description)
            let early = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer, json: ["reason": "returned", "evidence": "到校记录"])
            #expect(early.body["field"] as? String == "closedOn")
            let closed = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer,
                json: ["reason": "transferred", "evidence": "常州市第二中学接收证明"])
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(closed.body["state"] as? String == "closed" && closed.body["closureReason"] as? String == "transferred")
            #expect((closed.body["history"] as? [Any])?.count == 4)
            #expect(
                try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/close", token: tokens.officer,
                    json: ["reason": "transferred", "evidence": "x"]
                ).status == .conflict)
        }
    }

    @Test("home teaching: plans below their policy frequency in a month are listed; a county's weekly rule counts weeks")
    func homeTeachingCompliance() async throws {
        try await F.with { test, client, tokens in
            let plan: (String, String) async throws -> String = { idNumber, name in
                let created = try await client.call(
                    .post, "/api/v1/dropout-control/home-teaching/plans", token: tokens.school,
                    json: [
                        "student": ["idNumber": idNumber, "name": name], "district": TestPlatform.townshipA.description,
                        "school": "湖塘中心小学", "startsOn": "2026-01-05"
                    ])
                #expect(created.status == .created, "\(created.text)")
                return try #require(created.body["id"] as? String)
            }
            let visit: (String, String) async throws -> Void = { id, day in
                let response = try await client.call(
                    .post, "/api/v1/dropout-control/home-teaching/plans/\(id)/visits", token: tokens.school,
                    json: ["visitedOn": day, "teacher": "特教 刘老师", "lessons": 3, "content": "生活适应"])
                #expect(response.status == .noContent, "\(response.text)")
            }
            let monthly = try await plan(F.li, "李思雨")
            try await visit(monthly, "2026-03-10")
            try await visit(monthly, "2026-04-02")
            try await visit(monthly, "2026-04-20")
            try await setPolicy(
                test, DropoutPolicy.homeTeaching.key, TestPlatform.townshipA, #"{"visits":2,"per":"week"}"#, "某省送教上门规定: 每周2次")
            let weekly = try await plan(F.wang, "王浩然")
            for day in ["2026-04-01", "2026-04-03", "2026-04-08"] { try await visit(weekly, day) }
            let march = try await client.call(
                .get, "/api/v1/dropout-control/home-teaching/compliance?district=320412000000&month=2026-03", token: tokens.officer)
            let marchList = try #require(try JSONSerialization.jsonObject(with: Data(march.text.utf8)) as? [[String: Any]])
            #expect(Set(marchList.compactMap { $0["plan"] as? String }) == [monthly, weekly])
            let april = try await client.call(
                .get, "/api/v1/dropout-control/home-teaching/compliance?district=320412000000&month=2026-04", token: tokens.officer)
            let aprilList = try #require(try JSONSerialization.jsonObject(with: Data(april.text.utf8)) as? [[String: Any]])
            #expect(aprilList.map { $0["plan"] as? String } == [weekly])
            #expect(aprilList.first?["required"] as? Int == 8 && aprilList.first?["made"] as? Int == 3)
            let indicators = try await client.call(
                .get, "/api/v1/dropout-control/indicators?district=320412000000&term=\(F.term)&month=2026-04", token: tokens.viewer)
            #expect(indicators.status == .ok, "\(indicators.text)")
            let teaching = try #require(indicators.body["homeTeaching"] as? [String: Any])
            #expect(teaching["plans"] as? Int == 2 && teaching["belowFrequency"] as? Int == 1 && teaching["compliance"] as? Double == 0.5)
            // No comparison has run for the term: no data is not zero (动态清零 is not claimed).
            #expect(indicators.body["atZero"] == nil, "\(indicators.text)")
            #expect(
                try await client.call(
                    .get, "/api/v1/dropout-control/home-teaching/compliance?district=320412000000&month=2026-13", token: tokens.officer
                )
                .body["field"] as? String == "month")
        }
    }

    @Test("indicators count the ledgers, attempts, returns and written reports of a term")
    func indicators() async throws {
        try await F.with { test, client, tokens in
            try await F.load(test, F.header)
            let a = try await F.watch(test, F.li, name: "李思雨")
            let b = try await F.watch(test, F.wang, name: "王浩然")
            _ = try await client.call(
                .post, "/api/v1/dropout-control/comparisons", token: tokens.officer, json: ["district": "320412000000", "term": F.term])
            let compared = try await client.call(
                .get, "/api/v1/dropout-control/indicators?district=320412000000&term=\(F.term)", token: tokens.viewer)
            #expect(compared.body["atZero"] as? Bool == true, "compared, no verified dropout yet: \(compared.text)")
            let today = WallClock.system.today().description
            var ids: [String] = []
            for child in [a, b] {
                let id = try #require(
                    try await client.call(
                        .post, "/api/v1/dropout-control/cases", token: tokens.officer,
                        json: ["student": ["child": child.uuidString], "term": F.term]
                    ).body["id"] as? String)
                _ = try await client.call(.post, "/api/v1/dropout-control/cases/\(id)/verify", token: tokens.officer, json: ["note": "核实"])
                ids.append(id)
            }
            _ = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(ids[0])/attempts", token: tokens.officer,
                json: ["party": "teacher", "by": "陈老师", "attemptedOn": today, "method": "phone", "outcome": "returned"])
            _ = try await client.call(
                .post, "/api/v1/dropout-control/cases/\(ids[1])/reports", token: tokens.officer, json: ["content": "报告"])
            let indicators = try await client.call(
                .get, "/api/v1/dropout-control/indicators?district=320412000000&term=\(F.term)&openDays=1", token: tokens.viewer)
            #expect(indicators.body["ledgers"] as? [String: Int] == ["out-of-school": 2, "suspected-dropout": 0, "dropout": 1])
            #expect(indicators.body["attempts"] as? Int == 1 && indicators.body["writtenReports"] as? Int == 1)
            #expect(indicators.body["returnRate"] as? Double == 0.5)
            #expect(indicators.body["atZero"] as? Bool == false)
            #expect((indicators.body["casesOpenLongerThan"] as? [String: Int])?["count"] == 0)
            #expect(
                try await client.call(.get, "/api/v1/dropout-control/indicators?district=320412000000&term=\(F.term)", token: tokens.school)
                    .status == .forbidden)
        }
    }
}
