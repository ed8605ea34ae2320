import Contract
import Foundation
import HummingbirdTesting
import TestSupport

@testable import Registry

/// Users of each registry role and helpers to open files as they would.
struct RegistryFixture {
    /// 马杭村's director, 卢家巷村's director, 湖塘镇's supervisor, 武进区's manager; on `clock`'s day.
    static func with(
        clock: WallClock = .system, _ body: @escaping @Sendable (TestPlatform, any TestClientProtocol, Tokens) async throws -> Void
    ) async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()], clock: clock) { test in
            try await test.user("mahang", role: "registry.director", district: TestPlatform.villageA)
            try await test.user("lujiaxiang", role: "registry.director", district: TestPlatform.villageB)
            try await test.user("hutang", role: "registry.supervisor", district: TestPlatform.townshipA)
            try await test.user("niutang", role: "registry.supervisor", district: TestPlatform.townshipB)
            try await test.user("wujin", role: "registry.manager", district: TestPlatform.county)
            try await test.withClient { client in
                let tokens = Tokens(
                    director: try await client.login("mahang"), otherDirector: try await client.login("lujiaxiang"),
                    supervisor: try await client.login("hutang"), otherSupervisor: try await client.login("niutang"),
                    manager: try await client.login("wujin"))
                try await body(test, client, tokens)
            }
        }
    }

    struct Tokens: Sendable {
        let director: String
        let otherDirector: String
        let supervisor: String
        let otherSupervisor: String
        let manager: String
    }

    /// A rural left-behind child in 马杭村: both parents working away since 2024.
    static func leftBehind(_ id: String = "320412201505050015", village: DistrictCode = TestPlatform.villageA) -> [String: Any] {
        [
            "idNumber": id, "name": "张三明", "residenceDistrict": village.description, "hukouDistrict": village.description,
            "hukouType": "rural",
            "parents": [
                ["parent": "father", "condition": "working-away", "since": "2024-03-01"],
                ["parent": "mother", "condition": "working-away", "since": "2024-03-01"]
            ],
            "contacts": [["name": "张奶奶", "relationship": "祖母", "phone": "13812345678"]]
        ]
    }
}
