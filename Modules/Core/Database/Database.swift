import Logging
import PostgresNIO
import ServiceLifecycle

/// The pooled PostgreSQL client every part of Tonghu shares; run it as a `Service` in the service group.
///
/// A lost connection (数据库中断 — an outage) surfaces as ``DatabaseUnavailable`` (503), never as a 500.
public final class Database: Service, Sendable {
    public let client: PostgresClient
    public let configuration: DatabaseConfiguration
    public let logger: Logger

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the pool until cancelled or shut down gracefully.
    public func run() async {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    /// Gives a pool whose `run()` was just started in a sibling task the moment it needs to begin, so the first
    /// lease does not log PostgresNIO's "run() hasn't been called yet" warning (the lease would work either way).
    public func started() async {
        try? await Task.sleep(for: .milliseconds(5))
    }

    /// Runs `body` on one leased connection outside any explicit transaction.
    ///
    /// - Throws: ``DatabaseUnavailable`` when the connection is lost or the pool gives up connecting; otherwise what
    ///   `body` throws.
    public func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { try await body($0) }
        } catch  where DatabaseUnavailable.isConnectionLoss(error) {
            throw DatabaseUnavailable()
        }
    }

    /// Runs `body` in one transaction; `settings` are applied first with `set_config(name, value, true)`, so
    /// they last exactly as long as the transaction (this is how the caller's district scope reaches RLS).
    /// The error thrown by `body` is rethrown unchanged after a rollback.
    public func transaction<T: Sendable>(
        settings: [(name: String, value: String)] = [],
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.transaction(settings: settings, logger: logger, body)
        }
    }
}

extension PostgresConnection {
    /// `BEGIN`, settings, `body`, `COMMIT` — or `ROLLBACK` and the original error.
    public func transaction<T: Sendable>(
        settings: [(name: String, value: String)] = [],
        logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await run("BEGIN", logger: logger)
        do {
            if !settings.isEmpty {
                try await run(Self.setConfig(settings), logger: logger)
            }
            let value = try await body(self)
            try await run("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// `SELECT set_config(name, value, true), …`: each setting lasts until the end of the transaction.
    public static func setConfig(_ settings: [(name: String, value: String)]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: settings.count * 2)
        var calls: [String] = []
        for (index, setting) in settings.enumerated() {
            bindings.append(setting.name)
            bindings.append(setting.value)
            calls.append("set_config($\(index * 2 + 1), $\(index * 2 + 2), true)")
        }
        return PostgresQuery(unsafeSQL: "SELECT " + calls.joined(separator: ", "), binds: bindings)
    }

    /// Runs one statement and drains its result (for statements whose rows nobody reads).
    public func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }

    /// Runs a script of several statements (a migration), one statement at a time.
    public func run(script: String, logger: Logger) async throws {
        for statement in SQLScript.statements(in: script) {
            try await run(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }
}
