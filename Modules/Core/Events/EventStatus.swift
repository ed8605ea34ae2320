import Database
import Foundation
import PostgresNIO

/// Where delivery stands: each subscription's position, backlog and retry state, and the dead letters.
public struct EventStatus: Sendable, Codable {
    public struct Subscription: Sendable, Codable {
        public let subscriber: String
        public let topic: String
        public let position: Int64
        public let backlog: Int
        public let attempts: Int
        public let lastError: String?
    }
    public struct DeadLetter: Sendable, Codable {
        public let subscriber: String
        public let topic: String
        public let eventID: Int64
        public let attempts: Int
        public let error: String
    }

    public let subscriptions: [Subscription]
    public let deadLetters: [DeadLetter]

    /// Read as the owner (events of every district).
    public static func read(_ database: Database) async throws -> EventStatus {
        try await database.withConnection { connection in
            var subscriptions: [Subscription] = []
            for try await row in try await connection.query(
                """
                SELECT s.subscriber, s.topic, s.position,
                       (SELECT count(*)::int FROM core.events e WHERE e.topic = s.topic AND e.id > s.position), s.attempts, s.last_error
                FROM core.event_subscriptions s ORDER BY s.subscriber, s.topic
                """, logger: database.logger
            ).decode((String, String, Int64, Int, Int, String?).self) {
                subscriptions.append(
                    Subscription(subscriber: row.0, topic: row.1, position: row.2, backlog: row.3, attempts: row.4, lastError: row.5))
            }
            var deadLetters: [DeadLetter] = []
            for try await row in try await connection.query(
                "SELECT subscriber, topic, event_id, attempts, error FROM core.event_dead_letters ORDER BY id", logger: database.logger
            ).decode((String, String, Int64, Int, String).self) {
                deadLetters.append(DeadLetter(subscriber: row.0, topic: row.1, eventID: row.2, attempts: row.3, error: row.4))
            }
            return EventStatus(subscriptions: subscriptions, deadLetters: deadLetters)
        }
    }
}
