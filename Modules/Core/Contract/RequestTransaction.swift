import Logging
import PostgresNIO

/// The one transaction of a request the gateway makes atomic as a whole (an idempotent write): each
/// ``Call/transaction(narrowedTo:_:)`` of the handler runs in it as a savepoint, with its own settings, so a body that
/// fails is rolled back alone (as its own transaction would have been) and what the handler committed becomes durable
/// only when the gateway commits the request's transaction.
public final class RequestTransaction: Sendable {
    public let connection: PostgresConnection
    let logger: Logger

    public init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// `SAVEPOINT`, settings, `body`, `RELEASE` — or `ROLLBACK TO` and the original error. Nested calls nest (a
    /// savepoint name refers to its newest use).
    func savepoint<T: Sendable>(settings: [(name: String, value: String)], _ body: @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        try await connection.run("SAVEPOINT call", logger: logger)
        do {
            if !settings.isEmpty { try await connection.run(PostgresConnection.setConfig(settings), logger: logger) }
            let value = try await body(connection)
            try await connection.run("RELEASE SAVEPOINT call", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK TO SAVEPOINT call", logger: logger)
            _ = try? await connection.query("RELEASE SAVEPOINT call", logger: logger)
            throw error
        }
    }
}
