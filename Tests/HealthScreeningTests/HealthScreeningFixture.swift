import Contract
import Foundation
import HummingbirdTesting
import TestSupport

@testable import HealthScreening

/// Health-screening staff of 武进区 and its townships 湖塘镇 and 牛塘镇 (siblings), signed in, on 2026-12-01: a birth
/// hospital and a township health centre in each township, the county 妇幼, a designated centre and the commission.
struct HealthScreeningFixture {
    struct Tokens: Sendable {
        /// 湖塘镇's birth hospital (`TestPlatform.townshipA`).
        let hospital: String
        /// 湖塘镇's township health centre.
        let township: String
        /// 牛塘镇's township health centre (`TestPlatform.townshipB`).
        let sibling: String
        /// 牛塘镇's birth hospital.
        let siblingHospital: String
        /// The county 妇幼 (every permission in 武进区).
        let mch: String
        /// The county's designated screening and diagnosis centre.
        let centre: String
        /// The county's health commission (read-only, no diagnoses).
        let commission: String
    }

    static let clock = WallClock(asOf: CalendarDate(year: 2026, month: 12, day: 1))
    static var today: CalendarDate { clock.today() }
    /// 湖塘镇's mother (born 1995-03-08).
    static let mother = idNumber("32041219950308002")
    static let bornAt = "2026-11-20T10:30:00+08:00"

    static func with(_ body: @escaping @Sendable (TestPlatform, any TestClientProtocol, Tokens) async throws -> Void) async throws {
        try await TestPlatform.with(programmes: [HealthScreeningProgramme()], clock: clock) { test in
            let users: [(String, String, DistrictCode)] = [
                ("hospital", "birth-hospital", TestPlatform.townshipA), ("township", "township-centre", TestPlatform.townshipA),
                ("sibling", "township-centre", TestPlatform.townshipB), ("sibling-hospital", "birth-hospital", TestPlatform.townshipB),
                ("mch", "county-mch", TestPlatform.county), ("centre", "centre", TestPlatform.county),
                ("commission", "commission", TestPlatform.county)
            ]
            for (name, role, district) in users { try await test.user(name, role: "health-screening.\(role)", district: district) }
            try await test.withClient { client in
                let tokens = Tokens(
                    hospital: try await client.login("hospital"), township: try await client.login("township"),
                    sibling: try await client.login("sibling"), siblingHospital: try await client.login("sibling-hospital"),
                    mch: try await client.login("mch"), centre: try await client.login("centre"),
                    commission: try await client.login("commission"))
                try await body(test, client, tokens)
            }
        }
    }

    /// A registration of a newborn of 马杭村 (湖塘镇) born in 湖塘镇's hospital, with `changes` applied.
    static func registration(_ changes: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "district": TestPlatform.villageA.description, "birthDistrict": TestPlatform.townshipA.description, "motherIdNumber": mother,
            "bornAt": bornAt, "sex": "F", "birthOrder": 1, "hospital": "湖塘镇卫生院", "hospitalRecord": "ZY2026110012"
        ]
        body.merge(changes) { $1 }
        return body
    }

    /// Registers a newborn as 湖塘镇's birth hospital; returns its file.
    static func register(_ client: any TestClientProtocol, _ tokens: Tokens, _ changes: [String: Any] = [:]) async throws -> [String: Any] {
        let added = try await client.call(.post, "/api/v1/health-screening/newborns", token: tokens.hospital, json: registration(changes))
        guard added.status == .created else { throw TestFailure("registering a newborn failed: \(added.status) \(added.text)") }
        return added.body
    }

    /// The id of the newborn's chain for `condition`.
    static func chain(_ file: [String: Any], _ condition: String) throws -> String {
        let chains = file["chains"] as? [[String: Any]] ?? []
        guard let id = chains.first(where: { $0["condition"] as? String == condition })?["id"] as? String else {
            throw TestFailure("no \(condition) chain in \(chains)")
        }
        return id
    }

    /// Registers a child in the core children index (as the registry would), as the owner.
    static func child(_ test: TestPlatform, idNumber: String, district: DistrictCode = TestPlatform.villageA) async throws -> UUID {
        try await test.owner.transaction { connection in
            try await test.platform.context.children.register(
                try ChildRepository.validate(
                    NewChild(idNumber: idNumber, name: "甲新生", residenceDistrict: district.description, hukouDistrict: district.description),
                    today: today),
                on: connection)
        }.id
    }

    /// `body` (17 digits) with its GB 11643 check character.
    static func idNumber(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}
