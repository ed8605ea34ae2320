import Database
import Districts
import PostgresNIO

/// 投递积压 — what `/metrics` shows of event delivery: each subscription's undelivered events (published after its
/// position, in every district) and each subscriber's dead letters (死信, `tonghu events dead-letters`). Counts only:
/// no payload is read.
public struct EventBacklog: Sendable, Equatable {
    public struct Subscription: Sendable, Equatable {
        public let subscriber: String
        public let topic: String
        public let undelivered: Int
    }

    public let subscriptions: [Subscription]
    /// Dead letters by subscriber; every subscriber is listed, those without any with 0.
    public let deadLetters: [String: Int]

    /// Read as the dispatcher reads (the whole country in scope) on the gateway's role; `leaseWait` bounds the wait
    /// for a connection (a scrape during an outage must not hang).
    public static func read(_ database: Database, leaseWait: Duration? = nil) async throws -> EventBacklog {
        try await database.transaction(
            settings: [("tonghu.scope", DistrictScope.everywhere.multirange), ("statement_timeout", "5s")], leaseWait: leaseWait
        ) { connection in
            var subscriptions: [Subscription] = []
            for try await (subscriber, topic, undelivered) in try await connection.query(
                """
                SELECT s.subscriber, s.topic, (SELECT count(*)::int FROM core.events e WHERE e.topic = s.topic AND e.id > s.position)
                FROM core.event_subscriptions s ORDER BY s.subscriber, s.topic
                """, logger: database.logger
            ).decode((String, String, Int).self) {
                subscriptions.append(Subscription(subscriber: subscriber, topic: topic, undelivered: undelivered))
            }
            var deadLetters: [String: Int] = [:]
            for try await (subscriber, count) in try await connection.query(
                """
                SELECT s.subscriber, (SELECT count(*)::int FROM core.event_dead_letters d WHERE d.subscriber = s.subscriber)
                FROM (SELECT subscriber FROM core.event_subscriptions UNION SELECT subscriber FROM core.event_dead_letters) s
                """, logger: database.logger
            ).decode((String, Int).self) {
                deadLetters[subscriber] = count
            }
            return EventBacklog(subscriptions: subscriptions, deadLetters: deadLetters)
        }
    }
}
