import Districts
import Foundation
import Vocabulary

/// Whom a schedule runs for: a key the programme chooses (a child's id, a case's id), the district its items are filed
/// under (row-level security and the work lists' scope) and the household-registration one, the child where there is
/// one, the anchor's value, the facts skip conditions and recurrence intervals read, and — for a subject who arrives
/// late (born or registered elsewhere) — when they joined.
public struct ScheduleSubject: Sendable, Hashable {
    public let id: String
    public let district: DistrictCode
    /// 户籍地: the household-registration district where it differs from `district`; its staff see and work the items too.
    public let hukou: DistrictCode?
    public let child: UUID?
    public let anchor: ScheduleTime
    public let facts: [String: String]
    /// 迁入/登记时间: items whose window expired before it are `before-joining`, never overdue since birth.
    public let joined: Date?

    public init(
        id: String, district: DistrictCode, hukou: DistrictCode? = nil, child: UUID? = nil, anchor: ScheduleTime,
        facts: [String: String] = [:], joined: Date? = nil
    ) {
        self.id = id
        self.district = district
        self.hukou = hukou == district ? nil : hukou
        self.child = child
        self.anchor = anchor
        self.facts = facts
        self.joined = joined
    }
}

/// The stored state of a planned item.
public enum ScheduleItemState: String, Sendable, Codable, CaseIterable {
    /// Open: upcoming, due, overdue or missed depending on the time (``ScheduleItemStatus``).
    case planned
    case done
    /// Explicitly skipped, with a reason (or by a declared skip condition, naming it).
    case skipped
    /// Closed by the subject's exit (death, transfer out, age-out); `undoExit` restores it.
    case cancelled
    /// 入组前已过期: the window closed before the subject joined; not applicable, never overdue.
    case beforeJoining = "before-joining"
}

/// Where an open (planned) item stands at an instant. Not stored: a planned item is missed once its expiry passes,
/// and a completion recorded later still turns it done (late).
public enum ScheduleItemStatus: String, Sendable, Codable, CaseIterable {
    case upcoming, due, overdue, missed

    public init(dueFrom: Date, dueBy: Date, expires: Date, at now: Date) {
        self = now < dueFrom ? .upcoming : now < dueBy ? .due : now < expires ? .overdue : .missed
    }
}
