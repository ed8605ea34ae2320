import Contract
import DropoutControlInterface
import Foundation
import PostgresNIO

/// 就学状态 — what the education bureau's dropout-control programme last said about the child: a dropout case under
/// persuasion (辍学劝返中), back at school and followed up (已复学), or the case closed (已销号) with its reason.
/// Learned only from `dropout-control.*` events, so it works when education runs its own gateway.
struct SchoolingState: Codable, Sendable, Equatable {
    let state: String
    let caseID: UUID
    let since: CalendarDate
    let followUpUntil: CalendarDate?
    let closureReason: String?
}

/// Keeps `registry.schooling` from the dropout-control events; children without a registry file are skipped.
struct Schooling: Sendable {
    let context: ProgrammeContext
    static let subscriber = "registry.schooling"

    var subscriptions: [EventSubscription] {
        [
            EventSubscription(subscriber: Self.subscriber, topic: DropoutControlTopics.caseOpened) { event, connection in
                let opened = try event.decode(DropoutCaseOpened.self)
                try await record(
                    opened.child, "dropout", caseID: opened.caseID, since: opened.openedOn, followUpUntil: nil, reason: nil, connection)
            },
            EventSubscription(subscriber: Self.subscriber, topic: DropoutControlTopics.childReturned) { event, connection in
                let returned = try event.decode(ChildReturned.self)
                try await record(
                    returned.child, "returned", caseID: returned.caseID, since: returned.returnedOn, followUpUntil: returned.followUpUntil,
                    reason: nil, connection)
            },
            EventSubscription(subscriber: Self.subscriber, topic: DropoutControlTopics.caseClosed) { event, connection in
                let closed = try event.decode(DropoutCaseClosed.self)
                try await record(
                    closed.child, "closed", caseID: closed.caseID, since: closed.closedOn, followUpUntil: nil, reason: closed.reason,
                    connection)
            }
        ]
    }

    private func record(
        _ child: UUID?, _ state: String, caseID: UUID, since: CalendarDate, followUpUntil: CalendarDate?, reason: String?,
        _ connection: PostgresConnection
    ) async throws {
        guard let child else { return }
        try await connection.run(
            """
            INSERT INTO registry.schooling (child_id, state, case_id, since, follow_up_until, closure_reason)
            SELECT child_id, \(state), \(caseID), \(since.description)::date, \(followUpUntil?.description)::date, \(reason)
            FROM registry.files WHERE child_id = \(child)
            ON CONFLICT (child_id) DO UPDATE SET state = EXCLUDED.state, case_id = EXCLUDED.case_id, since = EXCLUDED.since,
                follow_up_until = EXCLUDED.follow_up_until, closure_reason = EXCLUDED.closure_reason, updated_at = now()
            """, logger: context.logger)
    }

    /// The child's schooling state, if education has reported one.
    static func state(of child: UUID, logger: Logger, _ connection: PostgresConnection) async throws -> SchoolingState? {
        try await connection.query(
            """
            SELECT state, case_id, since::text, follow_up_until::text, closure_reason FROM registry.schooling WHERE child_id = \(child)
            """, logger: logger
        ).decode((String, UUID, String, String?, String?).self).first().map {
            SchoolingState(
                state: $0.0, caseID: $0.1, since: CalendarDate($0.2)!, followUpUntil: $0.3.flatMap(CalendarDate.init), closureReason: $0.4)
        }
    }
}
