import Database
import Districts
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Delivers events to the subscriptions of enabled programmes: each at least once, in order per topic, with
/// retries and exponential backoff; after `maximumAttempts` the event goes to `core.event_dead_letters` (visible
/// with `tonghu events dead-letters`) and delivery moves on. Several gateways may run it: a subscription is
/// processed by one at a time (`FOR UPDATE SKIP LOCKED`).
public final class EventDispatcher: Service, Sendable {
    let database: Database
    let subscriptions: [EventSubscription]
    let pollInterval: Duration
    let maximumAttempts: Int
    let backoff: Duration
    let doorbell = Doorbell()

    public init(
        database: Database, subscriptions: [EventSubscription], pollInterval: Duration = .seconds(5),
        maximumAttempts: Int = 8, backoff: Duration = .seconds(1)
    ) {
        self.database = database
        self.subscriptions = subscriptions
        self.pollInterval = pollInterval
        self.maximumAttempts = maximumAttempts
        self.backoff = backoff
    }

    public func run() async throws {
        guard !subscriptions.isEmpty else { return try await gracefulShutdown() }
        try await register()
        await withDiscardingTaskGroup { group in
            group.addTask { await self.listen() }
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                var busy = false
                for subscription in subscriptions {
                    do { busy = try await deliverBatch(subscription) || busy } catch {
                        database.logger.error(
                            "event delivery failed", metadata: ["topic": "\(subscription.topic)", "error": "\(String(reflecting: error))"])
                    }
                }
                if !busy { await doorbell.wait(upTo: pollInterval) }
            }
            group.cancelAll()
        }
    }

    /// Delivers what is due now for every subscription until nothing is left (tests and the CLI use this).
    public func drain() async throws {
        try await register()
        var busy = true
        while busy {
            busy = false
            for subscription in subscriptions { busy = try await deliverBatch(subscription) || busy }
        }
    }

    private func register() async throws {
        try await database.withConnection { connection in
            try await connection.run(
                """
                INSERT INTO core.event_subscriptions (subscriber, topic)
                SELECT * FROM unnest(\(subscriptions.map(\.subscriber)), \(subscriptions.map(\.topic))) ON CONFLICT DO NOTHING
                """, logger: database.logger)
        }
    }

    /// Rings the doorbell on every NOTIFY; reconnects after a lost connection (polling covers the gap).
    private func listen() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await database.withConnection { connection in
                    try await connection.listen(on: EventPublisher.channel) { notifications in
                        for try await _ in notifications.cancelOnGracefulShutdown() { doorbell.ring() }
                    }
                }
            } catch {
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// One transaction: up to 100 due events of one subscription. Returns whether there may be more.
    private func deliverBatch(_ subscription: EventSubscription) async throws -> Bool {
        try await database.transaction(settings: [("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system")]) {
            connection in
            guard
                let (position, attempts) = try await connection.query(
                    """
                    SELECT position, attempts FROM core.event_subscriptions
                    WHERE subscriber = \(subscription.subscriber) AND topic = \(subscription.topic) AND next_attempt_at <= now()
                    FOR UPDATE SKIP LOCKED
                    """, logger: database.logger
                ).decode((Int64, Int).self).first()
            else { return false }
            let events = try await connection.query(
                """
                SELECT id, topic, payload::text, child_id, published_at FROM core.events
                WHERE topic = \(subscription.topic) AND id > \(position) ORDER BY id LIMIT 100
                """, logger: database.logger
            ).decode((Int64, String, String, UUID?, Date).self).collect()
            var delivered = position
            for (id, topic, payload, child, at) in events {
                let event = Event(id: id, topic: topic, payload: Data(payload.utf8), childID: child, publishedAt: at)
                try await connection.run("SAVEPOINT delivery", logger: database.logger)
                do {
                    try await subscription.handle(event, connection)
                    try await connection.run("RELEASE SAVEPOINT delivery", logger: database.logger)
                    delivered = id
                } catch {
                    try await connection.run("ROLLBACK TO SAVEPOINT delivery", logger: database.logger)
                    try await failed(subscription, event: id, attempts: attempts + 1, error: error, delivered: delivered, connection)
                    return false
                }
            }
            try await connection.run(
                """
                UPDATE core.event_subscriptions SET position = \(delivered), attempts = 0, last_error = NULL
                WHERE subscriber = \(subscription.subscriber) AND topic = \(subscription.topic)
                """, logger: database.logger)
            return events.count == 100
        }
    }

    private func failed(
        _ subscription: EventSubscription, event: Int64, attempts: Int, error: any Error, delivered: Int64, _ connection: PostgresConnection
    ) async throws {
        let message = String(describing: error)
        if attempts >= maximumAttempts {
            try await connection.run(
                """
                INSERT INTO core.event_dead_letters (subscriber, topic, event_id, attempts, error)
                VALUES (\(subscription.subscriber), \(subscription.topic), \(event), \(attempts), \(message))
                """, logger: database.logger)
            try await connection.run(
                """
                UPDATE core.event_subscriptions SET position = \(event), attempts = 0, last_error = \(message), next_attempt_at = now()
                WHERE subscriber = \(subscription.subscriber) AND topic = \(subscription.topic)
                """, logger: database.logger)
        } else {
            let delay = Double(backoff.components.seconds) * pow(2, Double(attempts - 1)) + Double(backoff.components.attoseconds) / 1e18
            try await connection.run(
                """
                UPDATE core.event_subscriptions SET position = \(delivered), attempts = \(attempts), last_error = \(message),
                    next_attempt_at = now() + make_interval(secs => \(delay))
                WHERE subscriber = \(subscription.subscriber) AND topic = \(subscription.topic)
                """, logger: database.logger)
        }
    }
}
