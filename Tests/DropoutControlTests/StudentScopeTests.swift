import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

@testable import DropoutControl

/// Writes that name a student by ID number reach only children in the caller's scope or students of the caller's schools.
@Suite("控辍保学 student references stay in scope")
struct StudentScopeTests {
    typealias F = DropoutFixture

    static func plan(_ idNumber: String, district: DistrictCode) -> [String: Any] {
        ["student": ["idNumber": idNumber, "name": "李小明"], "district": district.description, "school": "孟河中学", "startsOn": "2026-09-01"]
    }

    @Test("another county's child named by ID number is a 404 naming idNumber for plans and pairings; nothing is written")
    func otherCountysChild() async throws {
        try await F.with { test, client, tokens in
            try await F.watch(test, F.zhang)
            let plan = try await client.call(
                .post, "/api/v1/dropout-control/home-teaching/plans", token: tokens.otherSchool,
                json: Self.plan(F.zhang, district: F.otherTownship))
            #expect(plan.status == .notFound, "\(plan.text)")
            #expect(plan.body["field"] as? String == "idNumber")
            let pairing = try await client.call(
                .post, "/api/v1/dropout-control/pairings", token: tokens.otherOfficer,
                json: [
                    "student": ["idNumber": F.zhang, "name": "李小明"], "district": F.otherTownship.description, "mentor": "赵老师",
                    "mentorKind": "teacher", "startsOn": "2026-09-01"
                ])
            #expect(pairing.status == .notFound, "\(pairing.text)")
            let written = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT (SELECT count(*) FROM dropout_control.teaching_plans) + (SELECT count(*) FROM dropout_control.pairings)",
                    logger: test.logger
                ).decode(Int.self).collect()
            }
            #expect(written == [0])
        }
    }

    @Test("a child living elsewhere but enrolled in the caller's school is reachable; so is one in the caller's scope")
    func ownStudents() async throws {
        try await F.with { test, client, tokens in
            try await F.watch(test, F.zhang)
            try await F.load(test, F.header + F.row(F.zhang, "张三明", school: "孟河中学", district: F.otherTownship))
            let enrolled = try await client.call(
                .post, "/api/v1/dropout-control/home-teaching/plans", token: tokens.otherSchool,
                json: Self.plan(F.zhang, district: F.otherTownship))
            #expect(enrolled.status == .created, "\(enrolled.text)")
            let own = try await client.call(
                .post, "/api/v1/dropout-control/home-teaching/plans", token: tokens.school,
                json: Self.plan(F.zhang, district: TestPlatform.townshipA))
            #expect(own.status == .created, "\(own.text)")
            let unknown = try await client.call(
                .post, "/api/v1/dropout-control/home-teaching/plans", token: tokens.otherSchool,
                json: Self.plan(F.other, district: F.otherTownship))
            #expect(unknown.status == .created, "a student civil affairs does not follow yet: \(unknown.text)")
        }
    }
}
