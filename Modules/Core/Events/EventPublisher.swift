import Districts
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// 事务性发件箱 — publishes into `core.events` inside the caller's transaction: the event exists if and only if the
/// change that caused it committed. `NOTIFY` wakes dispatchers at commit; they also poll in case it is missed.
public struct EventPublisher: Sendable {
    let logger: Logger
    public static let channel = "tonghu_events"

    public init(logger: Logger) {
        self.logger = logger
    }

    /// `district` (the child's) puts the event under row-level security like the child's own data.
    public func publish<Payload>(
        _ topic: EventTopic<Payload>, _ payload: Payload, child: UUID? = nil, district: DistrictCode? = nil,
        on connection: PostgresConnection
    ) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        // No RETURNING: under row-level security it would also require the caller to read the event back, and staff of
        // the child's household-registration district write events filed under a residence outside their scope.
        try await connection.run(
            """
            WITH woken AS (SELECT pg_notify(\(Self.channel), \(topic.name)))
            INSERT INTO core.events (topic, payload, child_id, district) SELECT \(topic.name), \(json)::jsonb, \(child), \(district?.value) FROM woken
            """, logger: logger)
    }
}
