import Boot
import Contract
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus

/// A platform on a fresh test database, with a small real district tree (江苏省常州市武进区) and helpers to make
/// users and sign them in.
public struct TestPlatform: Sendable {
    public let platform: Platform
    public let gateway: Gateway
    public let logger: Logger

    /// 32 江苏省 → 3204 常州市 → 320412 武进区 → 湖塘镇 / 牛塘镇 → villages.
    public static let province = DistrictCode("320000000000")!
    public static let county = DistrictCode("320412000000")!
    public static let townshipA = DistrictCode("320412100000")!
    public static let townshipB = DistrictCode("320412101000")!
    public static let villageA = DistrictCode("320412100201")!
    public static let villageB = DistrictCode("320412101201")!
    public static let otherCounty = DistrictCode("320411000000")!

    static let tree: [(String, String)] = [
        ("320000000000", "江苏省"), ("320400000000", "常州市"), ("320411000000", "新北区"), ("320412000000", "武进区"),
        ("320412100000", "湖塘镇"), ("320412100201", "马杭村"), ("320412100202", "城西村"),
        ("320412101000", "牛塘镇"), ("320412101201", "卢家巷村"), ("320411100000", "孟河镇"), ("320411100201", "小河村")
    ]

    /// Runs `body` with a platform on its own migrated database; clients run for the duration. `clock` picks the day
    /// the platform runs as of (`WallClock(asOf:)`), the real one by default; `metrics` receives this platform's
    /// metrics (its pools', its programmes' counters) and no other test's.
    public static func with<T: Sendable>(
        programmes: [any Programme] = [], accessPolicy: AccessPolicy = .fast, keyring: Keyring = .generate(),
        clock: WallClock = .system, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        logger: Logger = TestCluster.logger, _ body: (TestPlatform) async throws -> T
    ) async throws -> T {
        let (owner, app) = try await TestCluster.shared.database(programmes: programmes)
        let factory = PrometheusMetricsFactory(registry: metrics)
        let platform = Platform(
            database: Database(configuration: app, logger: logger, metrics: factory),
            owner: Database(configuration: owner, logger: logger, metrics: factory),
            keyring: KeyringSource(keyring, file: nil), programmes: programmes, logger: logger, clock: clock, metrics: factory)
        let test = TestPlatform(
            platform: platform, gateway: Gateway(platform: platform, accessPolicy: accessPolicy, metrics: metrics), logger: logger)
        return try await platform.withRunningClients {
            try await test.seedDistricts()
            return try await body(test)
        }
    }

    public var owner: Database { platform.owner! }

    func seedDistricts() async throws {
        let rows = Self.tree.enumerated().map { (line: $0.offset + 1, code: DistrictCode($0.element.0)!, name: $0.element.1) }
        _ = try await DistrictRepository(database: owner).importRows(rows)
    }

    /// Creates a user holding `role` in `district`; returns the password.
    @discardableResult
    public func user(_ name: String, role: String, district: DistrictCode, password: String = "correct-horse-battery") async throws
        -> String
    {
        let users = Users(database: owner, policy: .fast, roles: platform.context.roles)
        if try await !users.list().contains(where: { $0.username == name }) {
            try await users.add(name, displayName: name, password: password)
        }
        try await users.grant(name, role: role, district: district)
        return password
    }

    /// Runs `body` against the real router (no sockets), database clients already running.
    public func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: gateway.router(), logger: logger)
        return try await app.test(.router) { client in try await body(client) }
    }
}

extension AccessPolicy {
    /// Cheap bcrypt for tests (the production default is 12), and no second factor, so that tests sign in as
    /// administrators and managers with a password; `.fast.withSecondFactor(clock:)` for the tests of it.
    public static var fast: AccessPolicy {
        var policy = AccessPolicy()
        policy.bcryptCost = 4
        policy.enforcesSecondFactor = false
        return policy
    }

    /// This policy with second factors enforced, TOTP codes checked at `clock`'s time.
    public func withSecondFactor(clock: @escaping @Sendable () -> Date) -> AccessPolicy {
        var policy = self
        policy.enforcesSecondFactor = true
        policy.clock = clock
        return policy
    }
}
