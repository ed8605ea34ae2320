import Foundation
import Vocabulary

/// One row the planner wants in storage for a subject: the current occurrence of an item, with its window as instants.
public struct PlannedItem: Sendable, Hashable {
    public let item: String
    public let occurrence: Int
    public let group: String?
    public let required: Bool
    public let dueFrom: Date
    public let dueBy: Date
    public let expires: Date
    /// `planned`, `skipped` (a skip condition holds) or `before-joining`.
    public let state: ScheduleItemState
    public let skipReason: String?
}

/// What storage already holds for one item occurrence of a subject, as the planner reads it.
public struct RecordedItem: Sendable, Hashable {
    public let item: String
    public let occurrence: Int
    public let state: ScheduleItemState
    /// When it was done or skipped.
    public let closedAt: Date?
    /// 重新计时: when an event restarted the wait of this open occurrence (`ScheduleEngine.restart`).
    public let restartedAt: Date?

    public init(item: String, occurrence: Int, state: ScheduleItemState, closedAt: Date?, restartedAt: Date? = nil) {
        self.item = item
        self.occurrence = occurrence
        self.state = state
        self.closedAt = closedAt
        self.restartedAt = restartedAt
    }
}

/// 排期 — pure planning: the rows a declaration wants for a subject, given what is recorded. Deterministic, so
/// regenerating is idempotent: the same inputs give the same rows.
///
/// Per item, only its current occurrence is planned: the first, or — for a recurring item whose last occurrence is done
/// or skipped — the next, counted from that completion. An open occurrence of a recurring item whose wait an event
/// restarted is due one interval after the restart. Nothing is planned for an item whose prerequisites are not all
/// done, whose last occurrence is closed and does not recur (or reached its limit), or that was cancelled by an exit.
/// A late joiner's item whose window expired before joining is `before-joining`; a recurring one instead starts again
/// from the joining day (the visit is due on arrival, not missed for the years before).
public enum SchedulePlanner {
    public static func plan(_ declaration: ScheduleDeclaration, for subject: ScheduleSubject, recorded: [RecordedItem]) -> [PlannedItem] {
        let latest = Dictionary(recorded.map { ($0.item, $0) }, uniquingKeysWith: { $0.occurrence >= $1.occurrence ? $0 : $1 })
        return declaration.items.compactMap { item -> PlannedItem? in
            guard item.prerequisites.allSatisfy({ latest[$0]?.state == .done }) else { return nil }
            let last = latest[item.key]
            let occurrence: Int
            var base: ScheduleTime
            switch last?.state {
            case nil, .planned?, .beforeJoining?:
                occurrence = last?.occurrence ?? 1
                if let restarted = last?.restartedAt, let recurrence = item.recurrence {
                    base = ScheduleTime.instant(restarted).adding(recurrence.interval(for: subject.facts))
                } else if occurrence == 1 {
                    base = subject.anchor.adding(item.offset)
                } else {
                    guard let previous = recorded.first(where: { $0.item == item.key && $0.occurrence == occurrence - 1 }),
                        let recurrence = item.recurrence, let closed = previous.closedAt
                    else { return nil }
                    base = ScheduleTime.instant(closed).adding(recurrence.interval(for: subject.facts))
                }
            case .done?, .skipped?:
                guard let recurrence = item.recurrence, let closed = last?.closedAt, let done = last?.occurrence,
                    done < recurrence.limit ?? Int.max
                else { return nil }
                occurrence = done + 1
                base = ScheduleTime.instant(closed).adding(recurrence.interval(for: subject.facts))
            case .cancelled?:
                return nil
            }
            var window = Self.window(item.window, at: base)
            var state = ScheduleItemState.planned
            if let joined = subject.joined, window.expires <= joined {
                if item.recurrence != nil {
                    base = ScheduleTime.date(CalendarDate.today(joined))
                    window = Self.window(item.window, at: base)
                } else {
                    state = .beforeJoining
                }
            }
            var reason: String?
            if state == .planned, let condition = item.skipWhen.first(where: { $0.holds(for: subject.facts) }) {
                state = .skipped
                reason = "条件 \(condition.fact) = \(subject.facts[condition.fact] ?? "") (skip condition)"
            }
            return PlannedItem(
                item: item.key, occurrence: occurrence, group: item.group, required: item.required, dueFrom: window.dueFrom,
                dueBy: window.dueBy, expires: window.expires, state: state, skipReason: reason)
        }
    }

    /// The window around a nominal point as instants: due from its start, due by and expiry at their ends, each moved
    /// up to the previous bound where mixed units and month ends would put it earlier.
    public static func window(_ window: ScheduleWindow, at nominal: ScheduleTime) -> (dueFrom: Date, dueBy: Date, expires: Date) {
        let dueFrom = nominal.adding(window.dueFrom).start
        let dueBy = max(nominal.adding(window.dueBy).end, dueFrom)
        return (dueFrom, dueBy, max(nominal.adding(window.expires).end, dueBy))
    }

    /// Whether each group is still due: open until every required item is done, skipped with a reason, or was
    /// before joining. Groups in declaration order, with the required items still waiting.
    public static func groups(_ declaration: ScheduleDeclaration, recorded: [RecordedItem]) -> [ScheduleGroupStatus] {
        let latest = Dictionary(recorded.map { ($0.item, $0) }, uniquingKeysWith: { $0.occurrence >= $1.occurrence ? $0 : $1 })
        var order: [String] = []
        var waiting: [String: [String]] = [:]
        for item in declaration.items {
            guard let group = item.group else { continue }
            if waiting[group] == nil {
                order.append(group)
                waiting[group] = []
            }
            let closed: Set<ScheduleItemState> = [.done, .skipped, .beforeJoining]
            if item.required, !(latest[item.key].map { closed.contains($0.state) } ?? false) {
                waiting[group, default: []].append(item.key)
            }
        }
        return order.map { ScheduleGroupStatus(group: $0, waiting: waiting[$0] ?? []) }
    }
}

/// 组 — one encounter's items (a check-up and its eye check): due while a required item waits.
public struct ScheduleGroupStatus: Sendable, Hashable, Codable {
    public let group: String
    /// Required items neither done nor skipped.
    public let waiting: [String]
    public var isOpen: Bool { !waiting.isEmpty }
}
