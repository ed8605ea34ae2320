import Contract
import Foundation
import Schedules

/// 环节时限 — one link's deadline as the engine planned it, and whether it was kept: `met` (done within its window),
/// `missed` (done after its due-by, or still open past it), `pending` (open, not yet due-by), `skipped` (with the
/// reason: a refused consent, a negative result), `not-applicable` (its window closed before the newborn arrived
/// here) or `cancelled` (the chain left follow-up).
struct LinkDeadline: Codable, Sendable, Equatable, DocumentedBody {
    let item: String
    let title: Localized
    let dueFrom: Date
    let dueBy: Date
    let expires: Date
    let timeliness: Timeliness
    /// Where an open item stands now (upcoming, due, overdue, missed); absent once closed.
    let status: ScheduleItemStatus?
    let closedAt: Date?
    let reason: String?

    enum Timeliness: String, Codable, Sendable, CaseIterable {
        case met, missed, pending, skipped, cancelled
        case notApplicable = "not-applicable"
    }

    /// The timeliness of an item in `state`, closed at `closedAt`, at `now`.
    static func timeliness(
        state: ScheduleItemState, dueFrom: Date, dueBy: Date, closedAt: Date?, at now: Date
    ) -> Timeliness {
        switch state {
        case .done: (closedAt.map { $0 >= dueFrom && $0 < dueBy } ?? false) ? .met : .missed
        case .planned: now < dueBy ? .pending : .missed
        case .skipped: .skipped
        case .cancelled: .cancelled
        case .beforeJoining: .notApplicable
        }
    }

    init(_ item: ScheduledItem, title: Localized, at now: Date) {
        self.init(
            item: item.item, title: title, dueFrom: item.dueFrom, dueBy: item.dueBy, expires: item.expires,
            timeliness: Self.timeliness(state: item.state, dueFrom: item.dueFrom, dueBy: item.dueBy, closedAt: item.closedAt, at: now),
            status: item.status(at: now), closedAt: item.closedAt, reason: item.skipReason)
    }

    init(
        item: String, title: Localized, dueFrom: Date, dueBy: Date, expires: Date, timeliness: Timeliness, status: ScheduleItemStatus?,
        closedAt: Date?, reason: String?
    ) {
        self.item = item
        self.title = title
        self.dueFrom = dueFrom
        self.dueBy = dueBy
        self.expires = expires
        self.timeliness = timeliness
        self.status = status
        self.closedAt = closedAt
        self.reason = reason
    }

    static var examples: [LinkDeadline] {
        get throws {
            [
                LinkDeadline(
                    item: "sample", title: .init(zh: "采血", en: "Blood-spot sample"), dueFrom: try Example.instant("2026-11-04T02:30:00Z"),
                    dueBy: try Example.instant("2026-11-08T16:00:00Z"), expires: try Example.instant("2026-11-21T16:00:00Z"),
                    timeliness: .skipped, status: .due, closedAt: try Example.instant("2026-11-05T01:00:00Z"),
                    reason: ChainClock.consentRefused),
                LinkDeadline(
                    item: "recall", title: .init(zh: "召回通知", en: "Recall notice"), dueFrom: try Example.instant("2026-11-01T02:30:00Z"),
                    dueBy: try Example.instant("2026-11-13T16:00:00Z"), expires: try Example.instant("2027-05-01T16:00:00Z"),
                    timeliness: .pending, status: nil, closedAt: nil, reason: nil)
            ]
        }
    }
}
