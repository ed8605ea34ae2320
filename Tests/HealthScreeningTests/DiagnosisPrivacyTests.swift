import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import Registry
import TestSupport
import Testing

@testable import HealthScreening

/// 敏感个人信息 (PIPL 第28条): civil affairs, running only the registry on the same database, sees on the child's file that
/// a disability was confirmed, never the diagnosis; a health role without the diagnosis permission gets no finding.
@Suite struct DiagnosisPrivacyTests {
    static let base = "/api/v1/health-screening"
    static let diagnosis = "双耳中度感音神经性听力损失"
    static let firstScreen = "OAE 双耳未通过"

    @Test func civilAffairsSeesTheStatusNotTheDiagnosis() async throws {
        try await TestPlatform.departments([[RegistryProgramme()], [HealthScreeningProgramme()]]) { platforms in
            let (civil, health) = (platforms[0], platforms[1])
            try await civil.user("manager", role: "registry.manager", district: TestPlatform.county)
            for (name, role) in [("township", "township-centre"), ("mch", "county-mch"), ("commission", "commission")] {
                try await health.user(name, role: "health-screening.\(role)", district: TestPlatform.county)
            }
            let child = try await civil.withClient { client in
                let token = try await client.login("manager")
                let opened = try await client.call(
                    .post, "/api/v1/registry/children", token: token,
                    json: [
                        "idNumber": HealthScreeningFixture.idNumber("32041220240305002"), "name": "甲听童",
                        "residenceDistrict": "320412100201",
                        "hukouDistrict": "320412100201", "hukouType": "rural"
                    ])
                return try #require(opened.body["id"] as? String, "\(opened.text)")
            }
            try await health.withClient { client in
                let township = try await client.login("township")
                let mch = try await client.login("mch")
                func post(_ token: String, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
                    let answer = try await client.call(.post, "\(Self.base)\(path)", token: token, json: body)
                    #expect((200..<300).contains(answer.status.code), "\(path): \(answer.text)")
                    return answer.body
                }
                for (step, finding) in [("rescreen", Self.firstScreen), ("diagnosis", "ABR 45 dB")] {
                    let referred = try await post(
                        township, "/referrals",
                        [
                            "child": child, "disability": "hearing", "step": step, "toInstitution": "武进区妇幼保健院",
                            "toDistrict": TestPlatform.county.description, "finding": finding
                        ])
                    let id = try #require(referred["id"] as? String)
                    _ = try await post(mch, "/referrals/\(id)/decision", ["state": "accepted"])
                    _ = try await post(
                        mch, "/referrals/\(id)/result",
                        ["result": "positive", "finding": step == "diagnosis" ? Self.diagnosis : "复筛未通过"])
                }
                let commission = try await client.call(
                    .get, "\(Self.base)/children/\(child)/referrals", token: try await client.login("commission"))
                #expect(commission.status == .ok && commission.text.contains("diagnosis"), "\(commission.text)")
                #expect(!commission.text.contains(Self.diagnosis) && !commission.text.contains(Self.firstScreen))
                #expect(try await client.call(.get, "\(Self.base)/children/\(child)/referrals", token: mch).text.contains(Self.diagnosis))
            }
            try await civil.withClient { client in
                let file = try await client.call(.get, "/api/v1/registry/children/\(child)", token: try await client.login("manager"))
                #expect(file.status == .ok, "\(file.text)")
                #expect(file.text.contains("disability-confirmed"), "\(file.text)")
                #expect(!file.text.contains(Self.diagnosis) && !file.text.contains("听力") && !file.text.contains("ABR"), "\(file.text)")
            }
        }
    }
}
