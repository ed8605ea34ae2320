import Foundation
import NIOSSL
import PostgresNIO

/// Where and how to reach PostgreSQL: parsed once from `TONGHU_DATABASE_URL` or built by the embedded cluster.
public struct DatabaseConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `true` when the URL says `sslmode=require` (or `verify-full`): connections fail rather than fall back to plaintext.
    public var requireTLS: Bool
    /// Size of the connection pool; more than 20 was slower on two cores.
    public var poolSize: Int
    /// How long a lease waits for a connection before a probe outside the pool checks that the server answers.
    public var leaseWait: Duration = .seconds(1)
    /// How often the server is probed while it is down (or a connection was just lost).
    public var probeInterval: Duration = .milliseconds(250)
    /// How long a probe may take to connect.
    public var probeTimeout: Duration = .seconds(1)

    public init(
        host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool = false, poolSize: Int = 20
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
        self.poolSize = poolSize
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=require&pool=20`.
    public init(url: String) throws {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
            let host = components.host, !host.isEmpty
        else { throw DatabaseError.invalidURL }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database.isEmpty ? (components.user ?? "postgres") : database,
            requireTLS: ["require", "verify-ca", "verify-full"].contains(query["sslmode"] ?? ""),
            poolSize: Int(query["pool"] ?? "") ?? 20
        )
    }

    /// The same server and credentials, another database (used by the test harness and `CREATE DATABASE`).
    public func with(database: String) -> DatabaseConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same server and database, other credentials (the application role next to the owner).
    public func with(username: String, password: String?) -> DatabaseConfiguration {
        var copy = self
        copy.username = username
        copy.password = password
        return copy
    }

    /// One connection outside the pool, for the outage probe.
    var probeConfiguration: PostgresConnection.Configuration {
        get throws {
            var configuration = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
            // Past the probe's own timer, which answers "no outage seen" first: a connect that is merely slow (a loaded
            // machine) must not fail with a timeout the probe would read as the server being down.
            configuration.options.connectTimeout = .milliseconds(2 * Int64(probeTimeout / .milliseconds(1)))
            return configuration
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        return configuration
    }
}
