import Boot
import Contract
import Foundation
import Gateway
import Logging

extension TestPlatform {
    /// Several deployments on ONE database, as departments deploy on the shared core: each platform migrates, mounts
    /// and subscribes only its own programmes (in the order given); the district tree is seeded once.
    public static func departments<T: Sendable>(
        _ deployments: [[any Programme]], keyring: Keyring = .generate(), logger: Logger = TestCluster.logger,
        _ body: ([TestPlatform]) async throws -> T
    ) async throws -> T {
        let owner = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(owner, logger: logger) { database in
            for programmes in deployments {
                try await Migrator(database: database).migrate([CoreSchema.migrations] + programmes.map(\.migrationSet))
            }
            try await Bootstrap.provisionGatewayRole(password: TestCluster.gatewayPassword, owner: database)
        }
        let app = owner.with(username: "tonghu_gateway", password: TestCluster.gatewayPassword)
        let tests = deployments.map { programmes in
            let platform = Platform(
                database: Database(configuration: app, logger: logger), owner: Database(configuration: owner, logger: logger),
                keyring: KeyringSource(keyring, file: nil), programmes: programmes, logger: logger)
            return TestPlatform(platform: platform, gateway: Gateway(platform: platform, accessPolicy: .fast), logger: logger)
        }
        return try await running(tests[...]) {
            try await tests[0].seedDistricts()
            return try await body(tests)
        }
    }

    private static func running<T: Sendable>(_ tests: ArraySlice<TestPlatform>, _ body: () async throws -> T) async throws -> T {
        guard let first = tests.first else { return try await body() }
        return try await first.platform.withRunningClients { try await running(tests.dropFirst(), body) }
    }
}
