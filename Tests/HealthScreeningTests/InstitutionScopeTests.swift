import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import HealthScreening

/// Institutions as records through the real router, and a designated centre of 新北区 that reaches a 武进区 child only
/// through a referral to its own institution: a hospital of the centre's district does not, the centre reads no other
/// child of 武进区, and the two counties stay apart.
@Suite struct InstitutionScopeTests {
    static let base = "/api/v1/health-screening"
    static let far = TestPlatform.otherCounty

    @Test func aCentreReachesOnlyTheChildReferredToIt() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            for (name, role) in [("far-mch", "county-mch"), ("far-centre", "centre"), ("far-hospital", "birth-hospital")] {
                try await test.user(name, role: "health-screening.\(role)", district: Self.far)
            }
            let farMCH = try await client.login("far-mch")
            let farCentre = try await client.login("far-centre")
            let farHospital = try await client.login("far-hospital")
            func post(_ token: String, _ path: String, _ body: [String: Any]) async throws -> (HTTPResponse.Status, [String: Any], String) {
                let answer = try await client.call(.post, "\(Self.base)\(path)", token: token, json: body)
                return (answer.status, answer.body, answer.text)
            }
            func status(_ token: String, _ path: String) async throws -> HTTPResponse.Status {
                try await client.call(.get, "\(Self.base)\(path)", token: token).status
            }

            // Institutions are recorded within the manager's scope, one name per district.
            let centreBody: [String: Any] = ["title": "常州市新生儿疾病筛查中心", "kind": "screening-centre", "district": Self.far.description]
            #expect(try await post(tokens.mch, "/institutions", centreBody).0 == .notFound)
            let centre = try await post(farMCH, "/institutions", centreBody)
            #expect(centre.0 == .created, "\(centre.2)")
            let centreID = try #require(centre.1["id"] as? String)
            #expect(try await post(farMCH, "/institutions", centreBody).1["field"] as? String == "title")
            #expect(
                try await post(farMCH, "/institutions", ["title": " ", "kind": "hospital", "district": Self.far.description]).1["field"]
                    as? String == "title")
            #expect(try await post(tokens.township, "/institutions", centreBody).0 == .forbidden)
            let hospital = try await post(
                farMCH, "/institutions", ["title": "新北区人民医院", "kind": "hospital", "district": Self.far.description])
            let hospitalID = try #require(hospital.1["id"] as? String, "\(hospital.2)")

            // Staff belong to an institution: added by a manager of its district, each once, only existing users.
            #expect(try await post(farMCH, "/institutions/\(centreID)/staff", ["username": "far-centre"]).0 == .created)
            #expect(try await post(farMCH, "/institutions/\(centreID)/staff", ["username": "far-centre"]).0 == .conflict)
            #expect(try await post(farMCH, "/institutions/\(centreID)/staff", ["username": "nobody"]).1["field"] as? String == "username")
            #expect(try await post(tokens.mch, "/institutions/\(centreID)/staff", ["username": "mch"]).0 == .notFound)
            #expect(try await post(farMCH, "/institutions/\(hospitalID)/staff", ["username": "far-hospital"]).0 == .created)
            let staff = try await client.call(.get, "\(Self.base)/institutions/\(centreID)/staff", token: farMCH)
            #expect(staff.text.contains("far-centre") && !staff.text.contains("far-hospital"), "\(staff.text)")
            #expect(try await status(tokens.mch, "/institutions/\(centreID)/staff") == .notFound)

            // The designated centres of everywhere and the institutions of one's scope, narrowed by district and kind.
            let directory = try await client.call(
                .get, "\(Self.base)/institutions?kind=screening-centre", token: tokens.township)
            let listed = try JSONSerialization.jsonObject(with: Data(directory.text.utf8)) as? [[String: Any]]
            #expect(listed?.compactMap { $0["id"] as? String } == [centreID], "\(directory.text)")
            #expect(try await status(tokens.township, "/institutions?kind=clinic") == .unprocessableContent)
            #expect(try await status(tokens.township, "/institutions?district=\(Self.far)") == .notFound)
            let hospitals = try await client.call(.get, "\(Self.base)/institutions?kind=hospital", token: tokens.township)
            #expect(hospitals.status == .ok && !hospitals.text.contains("新北区人民医院"), "\(hospitals.text)")

            // Two newborns of 湖塘镇; the first is linked to its child and referred to the centre.
            let girl = HealthScreeningFixture.idNumber("32041220261120002")
            let child = try await HealthScreeningFixture.child(test, idNumber: girl)
            let first = try await HealthScreeningFixture.register(client, tokens)
            let firstID = try #require((first["newborn"] as? [String: Any])?["id"] as? String)
            let second = try await HealthScreeningFixture.register(
                client, tokens,
                ["motherIdNumber": HealthScreeningFixture.idNumber("32041219900101002"), "sex": "M", "hospitalRecord": "ZY2026110099"])
            let secondID = try #require((second["newborn"] as? [String: Any])?["id"] as? String)
            let linked = try await post(tokens.township, "/newborns/\(firstID)/link", ["idNumber": girl])
            #expect(linked.1["outcome"] as? String == "matched", "\(linked.2)")
            #expect(try await status(farCentre, "/newborns/\(firstID)") == .notFound)

            let referralBody: [String: Any] = [
                "child": child.uuidString, "disability": "hearing", "step": "rescreen", "institution": centreID, "finding": "OAE 双耳未通过"
            ]
            var unknown = referralBody
            unknown["institution"] = UUID().uuidString
            #expect(try await post(tokens.township, "/referrals", unknown).1["field"] as? String == "institution")
            var unnamed = referralBody
            unnamed["institution"] = nil
            #expect(try await post(tokens.township, "/referrals", unnamed).1["field"] as? String == "toInstitution")
            let referred = try await post(tokens.township, "/referrals", referralBody)
            #expect(referred.0 == .created, "\(referred.2)")
            #expect(referred.1["institution"] as? String == centreID)
            #expect(referred.1["toInstitution"] as? String == "常州市新生儿疾病筛查中心")
            #expect(referred.1["toDistrict"] as? String == Self.far.description)

            // The centre reads the referred child's screening file, and only that child's.
            #expect(try await status(farCentre, "/newborns/\(firstID)") == .ok)
            #expect(try await status(farCentre, "/children/\(child)/newborn") == .ok)
            #expect(try await status(farCentre, "/newborns/\(secondID)") == .notFound)
            #expect(try await status(farCentre, "/newborns?district=\(TestPlatform.county)") == .notFound)
            // A hospital of the centre's district, not referred to, reads neither.
            #expect(try await status(farHospital, "/newborns/\(firstID)") == .notFound)
            #expect(try await status(farHospital, "/children/\(child)/newborn") == .notFound)

            // The counties stay apart: a 新北区 birth is not 武进区's, a 武进区 birth not 新北区's hospital's.
            let farBirth = try await post(
                farHospital, "/newborns",
                HealthScreeningFixture.registration([
                    "district": "320411100201", "birthDistrict": "320411100000", "hospital": "新北区人民医院", "hospitalRecord": "XB2026110001",
                    "motherIdNumber": HealthScreeningFixture.idNumber("32041119920202002")
                ]))
            let farID = try #require((farBirth.1["newborn"] as? [String: Any])?["id"] as? String, "\(farBirth.2)")
            #expect(try await status(tokens.mch, "/newborns/\(farID)") == .notFound)
            #expect(try await status(tokens.township, "/newborns/\(farID)") == .notFound)
            #expect(try await status(farMCH, "/newborns/\(farID)") == .ok)
            #expect(try await status(farMCH, "/newborns/\(secondID)") == .notFound)
        }
    }
}
