import Foundation
import PostgresNIO

/// One published fact, `<programme-id>.<entity>.<past-tense verb>` (e.g. `registry.child.registered`), with a
/// JSON payload whose type the publishing programme exposes in its interface target.
public struct Event: Sendable {
    public let id: Int64
    public let topic: String
    public let payload: Data
    public let childID: UUID?
    public let publishedAt: Date

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: payload)
    }
}

/// What a programme subscribes to; `handle` runs inside the dispatcher's transaction (with the whole country in
/// scope), so the handler's writes and the subscription's progress commit together. Throwing means "retry".
public struct EventSubscription: Sendable {
    public let subscriber: String
    public let topic: String
    public let handle: @Sendable (Event, PostgresConnection) async throws -> Void

    public init(subscriber: String, topic: String, handle: @escaping @Sendable (Event, PostgresConnection) async throws -> Void) {
        self.subscriber = subscriber
        self.topic = topic
        self.handle = handle
    }
}
