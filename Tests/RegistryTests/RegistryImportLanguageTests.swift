import Foundation
import HTTPTypes
import TestSupport
import Testing

/// An upload's refused rows speak the caller's language, and an unrecognised value lists what the column takes.
@Suite("registry import row errors")
struct RegistryImportLanguageTests {
    static let csv =
        "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
        + "320412201505050015,张三明,320412100201,320412100201,农村,打工,2024-03-01,,\n"
        + "320412201505050023,王五,320412100201,320412100201,农民,,,,\n"

    @Test("Chinese by default, English for Accept-Language: en; each unknown value with the accepted ones")
    func rowErrorsFollowTheLanguage() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let chinese = try await client.call(.post, "/api/v1/registry/imports", token: tokens.manager, raw: Self.csv)
            #expect(chinese.status == .unprocessableContent, "\(chinese.text)")
            let zh = (chinese.body["rejected"] as? [[String: Any]]) ?? []
            #expect(zh.map { $0["row"] as? Int } == [2, 3], "\(chinese.text)")
            #expect(zh.map { $0["field"] as? String } == ["fatherCondition", "hukouType"])
            #expect((zh.first?["detail"] as? String)?.hasPrefix("无法识别的父母状况 打工; 可填: 外出务工, 重病, 重残") == true, "\(chinese.text)")
            #expect(zh.last?["detail"] as? String == "无法识别的户籍类型 农民; 可填: 农村, 城镇")
            #expect(zh.first?["title"] as? String == "输入有误")

            let english = try await client.call(
                .post, "/api/v1/registry/imports", token: tokens.manager, raw: Self.csv, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            let en = (english.body["rejected"] as? [[String: Any]]) ?? []
            #expect(en.map { $0["row"] as? Int } == [2, 3], "\(english.text)")
            #expect(
                (en.first?["detail"] as? String)?.hasPrefix(
                    "unknown parent condition 打工; accepted: working-away (外出务工), severe-illness (重病)")
                    == true, "\(english.text)")
            #expect(en.last?["detail"] as? String == "unknown hukouType 农民; accepted: rural (农村), urban (城镇)")
            #expect(en.first?["title"] as? String == "Invalid input")
        }
    }
}
