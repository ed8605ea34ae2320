import Foundation
import PostgresNIO
import Vocabulary

/// One published fact, `<programme-id>.<entity>.<past-tense verb>` (e.g. `registry.child.registered`), with a
/// JSON payload of the type its `EventTopic` declares (published in the programme's interface target).
public struct Event: Sendable {
    public let id: Int64
    public let topic: String
    public let payload: Data
    public let childID: UUID?
    public let publishedAt: Date

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: payload)
    }
}

/// What a programme subscribes to; `handle` runs inside the dispatcher's transaction (with the whole country in
/// scope), so the handler's writes and the subscription's progress commit together. Throwing means "retry" (as does
/// a payload that does not decode as the topic's type).
public struct EventSubscription: Sendable {
    public let subscriber: String
    public let topic: String
    public let handle: @Sendable (Event, PostgresConnection) async throws -> Void

    /// `handle` receives each payload decoded as `topic` declares it.
    public init<Payload>(
        subscriber: String, topic: EventTopic<Payload>, handle: @escaping @Sendable (Payload, PostgresConnection) async throws -> Void
    ) {
        self.subscriber = subscriber
        self.topic = topic.name
        self.handle = { event, connection in try await handle(try event.decode(Payload.self), connection) }
    }
}
