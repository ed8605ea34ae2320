/// 事件主题 — a topic `<programme-id>.<entity>.<past-tense verb>` declared with the type of its payload: publishing
/// encodes that type and subscribing decodes it, so publisher and subscribers cannot disagree on the shape.
public struct EventTopic<Payload: Codable & Sendable>: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }
}

/// A topic whatever its payload type, as a programme lists those it publishes (`Programme.topics`) and the
/// conformance check tests them.
public struct AnyEventTopic: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    /// The payload type's name, e.g. `RegistryInterface.ChildCategories`.
    public let payload: String

    public init<Payload>(_ topic: EventTopic<Payload>) {
        name = topic.name
        payload = String(reflecting: Payload.self)
    }

    public var description: String { "\(name) (\(payload))" }
}
