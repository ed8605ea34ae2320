import Boot
import Contract
import EmbeddedPostgres
import Foundation
import Logging
import PostgresNIO

/// One throwaway PostgreSQL cluster per test process (the same embedded code the gateway uses), with a migrated
/// template database per set of programmes; every test gets its own database copied from the template.
public actor TestCluster {
    public static let shared = TestCluster()

    public static let gatewayPassword = "0123456789abcdef0123456789abcdef"
    public static var logger: Logger {
        var logger = Logger(label: "tonghu-test")
        logger.logLevel = .warning
        return logger
    }

    // Tasks, not values: the actor is re-entered at every `await`, and two tests must share one start and one template.
    private var running: Task<RunningCluster, any Error>?
    private var templates: [String: Task<String, any Error>] = [:]
    private var counter = 0

    /// The superuser's connection to the cluster's `postgres` database.
    public func server() async throws -> DatabaseConfiguration {
        if running == nil {
            running = Task { try await EmbeddedCluster.temporary(logger: Self.logger) }
        }
        let cluster = try await running!.value
        return DatabaseConfiguration(
            host: cluster.host, port: cluster.port, username: cluster.superuser, password: cluster.password, database: "postgres",
            poolSize: 3)
    }

    /// A new empty database (nothing migrated): for migration tests.
    public func emptyDatabase() async throws -> DatabaseConfiguration {
        let server = try await server()
        counter += 1
        let name = "empty_\(counter)"
        try await Self.execute("CREATE DATABASE \(name)", on: server)
        return server.with(database: name)
    }

    /// A new database with the core and `programmes` migrated: (owner, gateway role) configurations.
    public func database(programmes: [any Programme]) async throws -> (owner: DatabaseConfiguration, app: DatabaseConfiguration) {
        let server = try await server()
        let key = (["core"] + programmes.map { type(of: $0).id }).joined(separator: ",")
        if templates[key] == nil {
            let name = "template_\(templates.count + 1)"
            let sets = [CoreSchema.migrations] + programmes.map(\.migrationSet)
            // One template at a time: they share the cluster's roles.
            let previous = Array(templates.values)
            templates[key] = Task {
                for earlier in previous { _ = try? await earlier.value }
                try await Self.execute("CREATE DATABASE \(name)", on: server)
                try await Bootstrap.withTemporary(server.with(database: name), logger: Self.logger) { owner in
                    try await Migrator(database: owner).migrate(sets)
                    try await Bootstrap.provisionGatewayRole(password: Self.gatewayPassword, owner: owner)
                }
                return name
            }
        }
        let template = try await templates[key]!.value
        counter += 1
        let name = "test_\(counter)"
        // The template's last session may still be closing on the server side: retry briefly.
        for attempt in 1...50 {
            do {
                try await Self.execute("CREATE DATABASE \(name) TEMPLATE \(template)", on: server)
                break
            } catch  where attempt < 50 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let owner = server.with(database: name)
        return (owner, owner.with(username: "tonghu_gateway", password: Self.gatewayPassword))
    }

    private static func execute(_ sql: String, on server: DatabaseConfiguration) async throws {
        try await Bootstrap.withTemporary(server, logger: Self.logger) { database in
            try await database.withConnection { connection in try await connection.run(PostgresQuery(unsafeSQL: sql), logger: logger) }
        }
    }
}
