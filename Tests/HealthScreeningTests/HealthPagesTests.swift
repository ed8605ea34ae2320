import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import HealthScreening

/// Health screening's console pages through the real router and the cookie session, on 1 December 2026 (the work
/// lists' seed of `WorklistNoticeTests`: 湖塘镇's newborn with an overdue PKU recall).
@Suite("健康筛查工作台 health screening's console pages")
struct HealthPagesTests {
    static let prefix = "/health-screening"

    @Test(
        "the township centre finds the overdue recall on its work list and opens its chain: deadlines with 按时/超时/待完成; the commission reads the chain without the laboratory value; a sibling township gets the 404 page"
    )
    func worklistAndChain() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let other = try await WorklistNoticeTests.otherCounty(test, client)
            let pku = try await WorklistNoticeTests.seed(client, tokens, other)
            var township = FormBrowser(client: client)
            let home = try await township.signIn("township")
            #expect(home.text.contains(#"href="/health-screening/worklist""#), "the work list in the navigation")

            let list = try await township.get(Self.prefix + "/worklist")
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.text.contains(#"href="/health-screening/chains/\#(pku)""#), "the overdue recall links its chain: \(list.text)")
            #expect(list.text.contains("逾期") && list.text.contains("ZY2026110001"))
            let rescreens = try await township.get(Self.prefix + "/worklist?list=rescreens&status=due")
            #expect(rescreens.status == .ok && rescreens.text.contains("听力") && !rescreens.text.contains(pku), "\(rescreens.text)")
            let bad = try await township.get(Self.prefix + "/worklist?list=recalls&status=soon")
            #expect(bad.status == .unprocessableContent, "\(bad.status)")

            let chain = try await township.get(Self.prefix + "/chains/\(pku)")
            #expect(chain.status == .ok, "\(chain.text)")
            #expect(chain.text.contains(#"id="deadlines""#) && chain.text.contains("召回通知"))
            #expect(chain.text.contains("按时") && chain.text.contains("超时"), "the recall overdue since 13 November: \(chain.text)")
            #expect(chain.text.contains("阳性") && !chain.text.contains("positive"), "states in words")
            #expect(!chain.text.contains("Phe 180"), "the township centre holds no diagnosis permission")

            var mch = FormBrowser(client: client)
            _ = try await mch.signIn("mch")
            #expect(try await mch.get(Self.prefix + "/chains/\(pku)").text.contains("Phe 180"), "the county 妇幼 reads the value")
            var commission = FormBrowser(client: client)
            _ = try await commission.signIn("commission")
            let read = try await commission.get(Self.prefix + "/chains/\(pku)")
            #expect(read.status == .ok && read.text.contains("阳性") && !read.text.contains("Phe 180"), "\(read.text)")
            #expect(!read.text.contains("/chains/\(pku)/results"), "no result form offered without the permission")

            var sibling = FormBrowser(client: client)
            _ = try await sibling.signIn("sibling")
            let foreign = try await sibling.get(Self.prefix + "/chains/\(pku)")
            #expect(foreign.status == .notFound && foreign.text.contains("页面不存在"), "\(foreign.text)")
            let siblingList = try await sibling.get(Self.prefix + "/worklist")
            #expect(siblingList.status == .ok && !siblingList.text.contains(pku) && siblingList.text.contains("清单为空"))
            let otherCounty = try await sibling.get(Self.prefix + "/worklist?district=\(TestPlatform.otherCounty)")
            #expect(otherCounty.status == .notFound)
        }
    }

    @Test(
        "the birth hospital records a result by form: a time in the future and a bad state shown beside their fields, a form without CSRF refused, then the result on the chain as the API reads it; a sibling hospital gets the 404 page"
    )
    func recordingAResult() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(client, tokens)
            let pku = try HealthScreeningFixture.chain(file, "pku")
            try await WorklistNoticeTests.steps(
                client, tokens.hospital, pku,
                [
                    ("consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00"]),
                    ("screens", ["state": "done", "occurredAt": "2026-11-23T11:00:00+08:00", "institution": "湖塘镇卫生院"])
                ])
            var hospital = FormBrowser(client: client)
            _ = try await hospital.signIn("hospital")
            let chainPath = Self.prefix + "/chains/\(pku)"
            let form = chainPath + "/results"
            #expect(try await hospital.get(chainPath).text.contains(#"href="\#(form)""#), "the chain links its result form")
            let page = try await hospital.get(form)
            #expect(page.status == .ok && page.text.contains(#"<option value="positive">阳性</option>"#), "\(page.text)")
            #expect(page.text.contains(#"id="field-detail""#), "the hospital may record the laboratory value")

            let future = try await hospital.submit(form, to: form, [("state", "positive"), ("occurredAt", "2026-12-05T09:00")])
            #expect(future.status == .unprocessableContent && future.text.contains(#"id="field-occurredAt-error""#), "\(future.text)")
            #expect(future.text.contains("时间不能在未来"))
            let state = try await hospital.submit(form, to: form, [("state", "maybe"), ("occurredAt", "2026-11-26T09:00")])
            #expect(state.status == .unprocessableContent && state.text.contains(#"id="field-state-error""#), "\(state.text)")
            let forged = try await hospital.post(form, [("state", "positive"), ("occurredAt", "2026-11-26T09:00")])
            #expect(forged.status == .forbidden, "no CSRF token, no result")
            let api = try await client.call(.get, "/api/v1/health-screening/chains/\(pku)", token: tokens.hospital)
            #expect(api.body["stage"] as? String == "screen", "nothing recorded by the refused and forged forms")

            let recorded = try await hospital.submit(
                form, to: form, [("state", "positive"), ("occurredAt", "2026-11-26T09:00"), ("detail", "Phe 156 μmol/L")])
            #expect(recorded.status == .seeOther && recorded.headers[.location] == chainPath, "\(recorded.text)")
            let after = try await client.call(.get, "/api/v1/health-screening/chains/\(pku)", token: tokens.hospital)
            #expect(after.body["stage"] as? String == "result")
            let steps = after.body["steps"] as? [[String: Any]] ?? []
            #expect(steps.last?["state"] as? String == "positive" && steps.last?["detail"] as? String == "Phe 156 μmol/L")
            #expect(steps.last?["occurredAt"] as? String == "2026-11-26T01:00:00Z", "the form's time is Beijing time")
            let shown = try await hospital.get(chainPath)
            #expect(shown.text.contains("2026-11-26 09:00") && shown.text.contains("Phe 156 μmol/L"))

            var sibling = FormBrowser(client: client)
            _ = try await sibling.signIn("sibling-hospital")
            #expect(try await sibling.get(form).status == .notFound)
            let foreign = try await sibling.get(Self.prefix + "/worklist")
            #expect(foreign.status == .ok && !foreign.text.contains(pku))
        }
    }

    @Test(
        "the indicators page: a table per condition for the county 妇幼, 无数据 where nothing was there to count, not 0; a period ending before it begins shown as refused"
    )
    func indicators() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let other = try await WorklistNoticeTests.otherCounty(test, client)
            _ = try await WorklistNoticeTests.seed(client, tokens, other)
            var mch = FormBrowser(client: client)
            let home = try await mch.signIn("mch")
            #expect(home.text.contains(#"href="/health-screening/indicators""#))
            let page = try await mch.get(Self.prefix + "/indicators?district=\(TestPlatform.county)&from=2026-11-01&to=2026-11-30")
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.text.contains("新生儿 1 名") && page.text.contains(#"id="conditions""#), "\(page.text)")
            #expect(page.text.contains("苯丙酮尿症") && page.text.contains("1/1 (100.0%)"), "PKU screened: \(page.text)")
            #expect(page.text.contains("无数据"), "no disability referral, no confirmation: \(page.text)")
            let empty = try await mch.get(Self.prefix + "/indicators?district=\(TestPlatform.county)&from=2026-01-01&to=2026-01-31")
            #expect(empty.text.contains("新生儿 0 名") && !empty.text.contains("(0.0%)") && empty.text.contains("无数据"))
            let backwards = try await mch.get(Self.prefix + "/indicators?district=\(TestPlatform.county)&from=2026-11-30&to=2026-11-01")
            #expect(backwards.status == .unprocessableContent, "\(backwards.status)")
            var sibling = FormBrowser(client: client)
            _ = try await sibling.signIn("sibling")
            #expect(try await sibling.get(Self.prefix + "/indicators?district=\(TestPlatform.townshipA)").status == .notFound)
            #expect(try await sibling.get(Self.prefix + "/indicators").status == .ok, "its own township by default")
        }
    }
}
