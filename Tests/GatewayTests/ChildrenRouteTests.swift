import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The children master index through the real router, as district users call it.
@Suite("儿童主索引 routes")
struct ChildrenRouteTests {
    static let idA = "320412201505050015"
    static let idB = "320412201406060023"

    static func newChild(_ id: String, village: DistrictCode = TestPlatform.villageA) -> [String: Any] {
        ["idNumber": id, "name": "张三明", "residenceDistrict": village.description, "hukouDistrict": village.description]
    }

    @Test("a registrar registers a child in their township and reads it back masked")
    func registerAndRead() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                let created = try await client.call(.post, "/api/v1/children", token: token, json: Self.newChild(Self.idA))
                #expect(created.status == .created)
                #expect(created.body["idNumberMasked"] as? String == "320412********0015")
                #expect(created.body["idNumber"] == nil)
                #expect(created.body["sex"] as? String == "M")
                let id = try #require(created.body["id"] as? String)
                let read = try await client.call(.get, "/api/v1/children/\(id)", token: token)
                #expect(read.status == .ok)
                #expect(read.body["name"] as? String == "张三明")
                #expect(read.body["idNumber"] == nil)
            }
        }
    }

    @Test("a user of a sibling township gets 404 through every route; their own township reads it")
    func siblingScope() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.user("niutang", role: "core.registrar", district: TestPlatform.townshipB)
            try await test.withClient { client in
                let mine = try await client.login("hutang")
                let sibling = try await client.login("niutang")
                let id = try #require(
                    try await client.call(.post, "/api/v1/children", token: mine, json: Self.newChild(Self.idA)).body["id"] as? String)
                #expect(try await client.call(.get, "/api/v1/children/\(id)", token: sibling).status == .notFound)
                #expect(
                    try await client.call(.post, "/api/v1/children/lookup", token: sibling, json: ["idNumber": Self.idA]).status
                        == .notFound)
                #expect(try await client.call(.get, "/api/v1/children/\(id)", token: mine).status == .ok)
                #expect(
                    try await client.call(.post, "/api/v1/children/lookup", token: mine, json: ["idNumber": Self.idA]).body["id"] as? String
                        == id)
                // Registering into the sibling's villages is refused, naming the field.
                let outside = try await client.call(
                    .post, "/api/v1/children", token: sibling, json: Self.newChild(Self.idB, village: TestPlatform.villageA))
                #expect(outside.status == .unprocessableContent)
                #expect(outside.body["field"] as? String == "residenceDistrict")
            }
        }
    }

    @Test("row-level security hides other districts even from a query without a WHERE")
    func rowLevelSecurity() async throws {
        try await TestPlatform.with { test in
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let token = try await client.login("hutang")
                _ = try await client.call(.post, "/api/v1/children", token: token, json: Self.newChild(Self.idA))
            }
            let database = test.platform.database
            let visible: (DistrictScope) async throws -> Int = { scope in
                try await database.transaction(settings: [("tonghu.scope", scope.multirange)]) {
                    try await $0.query("SELECT count(*) FROM core.children", logger: database.logger).decode(Int.self).collect()[0]
                }
            }
            #expect(try await visible(DistrictScope([TestPlatform.townshipA])) == 1)
            #expect(try await visible(DistrictScope([TestPlatform.townshipB])) == 0)
            #expect(try await visible(.nowhere) == 0)
            let bypass = try await database.withConnection {
                try await $0.query("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user", logger: database.logger)
                    .decode(Bool.self).collect()
            }
            #expect(bypass == [false])
        }
    }

    @Test(
        "a second child with the same ID number is a 409 naming the county that holds it, with its id only for those who see it; the attempt is audited"
    )
    func duplicate() async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: "core.admin", district: TestPlatform.county)
            try await test.user("niutang", role: "core.registrar", district: TestPlatform.townshipB)
            let id = try await test.withClient { client in
                let admin = try await client.login("admin")
                let id = try #require(
                    try await client.call(.post, "/api/v1/children", token: admin, json: Self.newChild(Self.idA)).body["id"] as? String)
                let again = try await client.call(
                    .post, "/api/v1/children", token: try await client.login("niutang"),
                    json: Self.newChild(Self.idA, village: TestPlatform.villageB))
                #expect(again.status == .conflict)
                #expect(again.body["existing"] == nil)
                #expect(!again.text.contains(id) && !again.text.contains(id.lowercased()))
                #expect(again.body["holderCounty"] as? String == TestPlatform.county.description)
                #expect(again.body["holderCountyName"] as? String == "武进区")
                #expect((again.body["detail"] as? String)?.contains("武进区") == true)
                #expect(again.body["field"] as? String == "idNumber")
                #expect(again.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let own = try await client.call(.post, "/api/v1/children", token: admin, json: Self.newChild(Self.idA))
                #expect(own.status == .conflict)
                #expect(own.body["existing"] as? String == id)
                return id
            }
            try await test.platform.context.auditReads.flush()
            let attempts = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT actor FROM core.audit WHERE action = 'child.register' AND outcome = 'duplicate' AND child_id = \(UUID(uuidString: id))",
                    logger: test.logger
                ).decode(String.self).collect()
            }
            #expect(attempts.sorted() == ["admin", "niutang"])
        }
    }

    @Test("the ID number is shown only to holders of core.child.reveal, and every unmasked view is audited")
    func revealAudited() async throws {
        try await TestPlatform.with { test in
            try await test.user("admin", role: "core.admin", district: TestPlatform.county)
            try await test.withClient { client in
                let admin = try await client.login("admin")
                let id = try #require(
                    try await client.call(.post, "/api/v1/children", token: admin, json: Self.newChild(Self.idA)).body["id"] as? String)
                let read = try await client.call(.get, "/api/v1/children/\(id)", token: admin)
                #expect(read.body["idNumber"] as? String == Self.idA)
                try await test.platform.context.auditReads.flush()
                let audit = try await client.call(.get, "/api/v1/audit?child=\(id)", token: admin)
                #expect(audit.status == .ok)
                let actions = try #require(try JSONSerialization.jsonObject(with: Data(audit.text.utf8)) as? [[String: Any]]).compactMap {
                    $0["action"] as? String
                }
                #expect(Set(actions) == ["child.register", "child.read", "child.reveal"])
            }
        }
    }
}
