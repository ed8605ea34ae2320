import Contract
import DropoutControl
import Foundation
import HummingbirdTesting
import Registry
import TestSupport
import Testing

/// The department proof of issue 4: civil affairs runs a gateway with only the registry, education one with only
/// dropout control, on one database; each migrated only its own programme. They meet only through core events.
@Suite("两个部门, 一个数据库 department proof")
struct DepartmentProofTests {
    static var leftBehind: [String: Any] {
        [
            "idNumber": "320412201505050015", "name": "张三明", "residenceDistrict": "320412100201", "hukouDistrict": "320412100201",
            "hukouType": "rural",
            "parents": [
                ["parent": "father", "condition": "working-away", "since": "2024-03-01"],
                ["parent": "mother", "condition": "working-away", "since": "2024-03-01"]
            ]
        ]
    }

    /// The part of the registry's child file this proof reads.
    struct FileStatuses: Decodable {
        let statuses: [ChildStatus]
    }

    func deliver(_ test: TestPlatform) async throws {
        try await EventDispatcher(database: test.platform.database, subscriptions: test.platform.subscriptions).drain()
    }

    func paths(_ client: any TestClientProtocol) async throws -> Set<String> {
        Set((try await client.call(.get, "/openapi.json").body["paths"] as? [String: Any] ?? [:]).keys)
    }

    @Test(
        "a left-behind child registered by civil affairs is in education's comparison; education's dropout case shows on the civil-affairs file until it is closed"
    )
    func twoGatewaysOneDatabase() async throws {
        try await TestPlatform.departments([[RegistryProgramme()], [DropoutControlProgramme()]]) { platforms in
            let (civil, education) = (platforms[0], platforms[1])
            try await civil.user("manager", role: "registry.manager", district: TestPlatform.county)
            try await education.user("officer", role: "dropout-control.officer", district: TestPlatform.county)
            let enrolment = FileManager.default.temporaryDirectory.appendingPathComponent("enrolment-\(UUID().uuidString).csv")
            try Data("身份证号,姓名,学校,学校区划,年级,学籍状态\n320412201406060023,李思雨,湖塘中心小学,320412100000,七年级,在读\n".utf8).write(to: enrolment)
            _ = try await EnrolmentImport(platform: education.platform, actor: "test").run(enrolment, term: Term("2026-autumn")!)

            let child = try await civil.withClient { client in
                let token = try await client.login("manager")
                let opened = try await client.call(.post, "/api/v1/registry/children", token: token, json: Self.leftBehind)
                #expect(opened.status == .created, "\(opened.text)")
                let registryPaths = try await paths(client)
                #expect(registryPaths.contains("/api/v1/registry/children"))
                #expect(!registryPaths.contains { $0.hasPrefix("/api/v1/dropout-control") })
                #expect(
                    try await client.call(.get, "/api/v1/dropout-control/indicators?district=320412000000&term=2026-autumn", token: token)
                        .body["type"] as? String == "https://tonghu.cn/problems/no-route")
                return try #require(opened.body["id"] as? String)
            }
            try await deliver(education)

            let caseID = try await education.withClient { client in
                let token = try await client.login("officer")
                let educationPaths = try await paths(client)
                #expect(educationPaths.contains("/api/v1/dropout-control/comparisons"))
                #expect(!educationPaths.contains { $0.hasPrefix("/api/v1/registry") })
                let registry = try await client.call(.get, "/api/v1/registry/children/\(child)", token: token)
                #expect(registry.status == .notFound)
                #expect(registry.body["type"] as? String == "https://tonghu.cn/problems/no-route")
                let run = try await client.call(
                    .post, "/api/v1/dropout-control/comparisons", token: token, json: ["district": "320412000000", "term": "2026-autumn"])
                #expect(run.body["ledgers"] as? [String: Int] == ["out-of-school": 1, "suspected-dropout": 0, "dropout": 0], "\(run.text)")
                let ledger = try await client.call(
                    .get, "/api/v1/dropout-control/ledgers/out-of-school?district=320412000000&term=2026-autumn", token: token)
                let entry = try #require((ledger.body["entries"] as? [[String: Any]])?.first)
                #expect(entry["child"] as? String == child && entry["name"] as? String == "张三明")
                #expect(entry["groups"] as? [String] == ["left-behind"])
                let opened = try await client.call(
                    .post, "/api/v1/dropout-control/cases", token: token, json: ["student": ["child": child], "term": "2026-autumn"])
                let id = try #require(opened.body["id"] as? String)
                let verified = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(id)/verify", token: token, json: ["note": "家访核实: 随祖母在家, 未入学"])
                #expect(verified.body["state"] as? String == "dropout")
                return id
            }
            // No event delivery: the status is on the core feed from the verification's own transaction.

            let statuses = { @Sendable () async throws -> [ChildStatus] in
                try await civil.withClient { client in
                    let token = try await client.login("manager")
                    let file = try await client.call(.get, "/api/v1/registry/children/\(child)", token: token)
                    #expect(file.body["schooling"] == nil)
                    return try JSONDecoder().decode(FileStatuses.self, from: Data(file.text.utf8)).statuses
                }
            }
            let verifiedOn = try await education.withClient { client in
                let token = try await client.login("officer")
                return try #require(
                    try await client.call(.get, "/api/v1/dropout-control/cases/\(caseID)", token: token).body["verifiedOn"] as? String)
            }
            let since = try #require(CalendarDate(verifiedOn))
            let link = "/api/v1/dropout-control/cases/\(caseID)"
            #expect(
                try await statuses() == [
                    ChildStatus(
                        programme: "dropout-control", code: "dropout", title: .init(zh: "辍学劝返中", en: "Out of school, being persuaded back"),
                        since: since, severity: .warning, link: link)
                ])

            try await education.withClient { client in
                let token = try await client.login("officer")
                let back = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(caseID)/attempts", token: token,
                    json: ["party": "township", "by": "湖塘镇 王干事", "attemptedOn": verifiedOn, "method": "meeting", "outcome": "returned"])
                #expect(back.body["state"] as? String == "returned", "\(back.text)")
            }
            let returned = try await statuses()
            #expect(returned.map(\.code) == ["returned"] && returned.first?.since == since && returned.first?.link == link)
            #expect(returned.first.flatMap(\.until).map { $0 > since } == true)

            try await education.withClient { client in
                let token = try await client.login("officer")
                let closed = try await client.call(
                    .post, "/api/v1/dropout-control/cases/\(caseID)/close", token: token,
                    json: ["reason": "transferred", "evidence": "常州市第二中学接收证明"])
                #expect(closed.body["state"] as? String == "closed", "\(closed.text)")
            }
            #expect(try await statuses().isEmpty)
        }
    }
}
