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

    private var running: RunningCluster?
    private var templates: [String: String] = [:]
    private var counter = 0

    /// The superuser's connection to the cluster's `postgres` database.
    public func server() async throws -> DatabaseConfiguration {
        if running == nil {
            running = try await EmbeddedCluster.temporary(logger: Self.logger)
        }
        let cluster = running!
        return DatabaseConfiguration(host: cluster.host, port: cluster.port, username: cluster.superuser, password: cluster.password, database: "postgres", poolSize: 4)
    }

    /// A new empty database (nothing migrated): for migration tests.
    public func emptyDatabase() async throws -> DatabaseConfiguration {
        let server = try await server()
        counter += 1
        let name = "empty_\(counter)"
        try await execute("CREATE DATABASE \(name)", on: server)
        return server.with(database: name)
    }

    /// A new database with the core and `programmes` migrated: (owner, gateway role) configurations.
    public func database(programmes: [any Programme]) async throws -> (owner: DatabaseConfiguration, app: DatabaseConfiguration) {
        let server = try await server()
        let key = (["core"] + programmes.map { type(of: $0).id }).joined(separator: ",")
        let template: String
        if let existing = templates[key] {
            template = existing
        } else {
            template = "template_\(templates.count + 1)"
            try await execute("CREATE DATABASE \(template)", on: server)
            try await Bootstrap.withTemporary(server.with(database: template), logger: Self.logger) { owner in
                try await Migrator(database: owner).migrate([CoreSchema.migrations] + programmes.map(\.migrationSet))
                try await Bootstrap.provisionGatewayRole(password: Self.gatewayPassword, owner: owner)
            }
            templates[key] = template
        }
        counter += 1
        let name = "test_\(counter)"
        try await execute("CREATE DATABASE \(name) TEMPLATE \(template)", on: server)
        let owner = server.with(database: name)
        return (owner, owner.with(username: "tonghu_gateway", password: Self.gatewayPassword))
    }

    private func execute(_ sql: String, on server: DatabaseConfiguration) async throws {
        try await Bootstrap.withTemporary(server, logger: Self.logger) { database in
            try await database.withConnection { connection in try await connection.run(PostgresQuery(unsafeSQL: sql), logger: Self.logger) }
        }
    }
}
