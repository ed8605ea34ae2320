import Foundation

/// 审计 — one audited act: who did what to which record, with what outcome, from where.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var at: Date
    /// The username, or `system` / `cli:<os user>` for acts not made through the gateway.
    public var actor: String
    /// A verb such as `child.register`, `child.read`, `child.reveal`, `login`.
    public var action: String
    /// The programme (or `core`) whose data was touched.
    public var programme: String
    public var entity: String?
    public var entityID: String?
    public var childID: UUID?
    /// `success`, `denied`, `failure`.
    public var outcome: String
    public var requestID: String?
    public var clientAddress: String?

    public init(
        at: Date = Date(), actor: String, action: String, programme: String, entity: String? = nil, entityID: String? = nil,
        childID: UUID? = nil, outcome: String = "success", requestID: String? = nil, clientAddress: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.programme = programme
        self.entity = entity
        self.entityID = entityID
        self.childID = childID
        self.outcome = outcome
        self.requestID = requestID
        self.clientAddress = clientAddress
    }
}

/// Which audit rows a query wants; every part is optional.
public struct AuditFilter: Sendable {
    public var child: UUID?
    public var actor: String?
    public var from: Date?
    public var to: Date?
    public var limit: Int

    public init(child: UUID? = nil, actor: String? = nil, from: Date? = nil, to: Date? = nil, limit: Int = 500) {
        self.child = child
        self.actor = actor
        self.from = from
        self.to = to
        self.limit = limit
    }
}
