import Foundation
import Policy
import Vocabulary

/// 日程 — a schedule a programme declares as data: what is due for a subject, counted from an anchor (a birth datetime,
/// an admission date). A version is a policy setting (`PolicyKey<ScheduleDeclaration>` keyed by the schedule's id),
/// district-scoped and dated, so a province adds an item or changes an interval from a date.
///
/// Invariants checked when decoding (a policy value that breaks one is refused by `tonghu policy set`): the id is
/// `<programme-id>.<name>`, the read permission belongs to that programme, item keys are unique and kebab-case, a
/// prerequisite is declared before the item that needs it, hour offsets need a datetime anchor, and a window with one
/// unit opens before it closes.
public struct ScheduleDeclaration: Sendable, Codable, Equatable {
    /// `<programme-id>.<name>`, e.g. `health-screening.checkups`.
    public let id: String
    public let version: Int
    public let title: Localized
    public let anchor: ScheduleAnchor
    /// The permission a reader needs, in the subject's district, to see the schedule's items in the core's work list
    /// (`GET /api/v1/schedule-items`), e.g. `health-screening.recall.read`.
    public let readPermission: String
    public let items: [ScheduleItem]

    public init(
        id: String, version: Int, title: Localized, anchor: ScheduleAnchor, readPermission: String, items: [ScheduleItem]
    ) throws(ScheduleDeclarationError) {
        self.id = id
        self.version = version
        self.title = title
        self.anchor = anchor
        self.readPermission = readPermission
        self.items = items
        try validate()
    }

    /// The programme the schedule belongs to: the id up to its first dot.
    public var programme: String { String(id.prefix { $0 != "." }) }

    /// The policy key whose versions are this schedule (this declaration is the default until a district sets one).
    public func policyKey(source: String) -> PolicyKey<ScheduleDeclaration> {
        PolicyKey(id, title: title, defaultValue: self, source: source)
    }

    enum CodingKeys: String, CodingKey {
        case id, version, title, anchor, readPermission, items
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(Int.self, forKey: .version)
        title = try container.decode(Localized.self, forKey: .title)
        anchor = try container.decode(ScheduleAnchor.self, forKey: .anchor)
        readPermission = try container.decode(String.self, forKey: .readPermission)
        items = try container.decode([ScheduleItem].self, forKey: .items)
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// `[a-z][a-z0-9]*(-[a-z0-9]+)*`.
    static func isKebab(_ text: some StringProtocol) -> Bool {
        guard let first = text.first, ("a"..."z").contains(first), text.last != "-", !text.contains("--") else { return false }
        return text.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    func validate() throws(ScheduleDeclarationError) {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy(Self.isKebab) else {
            throw .init("schedule id \(id) is not <programme-id>.<name>")
        }
        guard version >= 1 else { throw .init("\(id): version must be 1 or more") }
        guard readPermission.hasPrefix(programme + "."), readPermission.count > programme.count + 1 else {
            throw .init("\(id): the read permission \(readPermission) must belong to \(programme)")
        }
        guard !items.isEmpty else { throw .init("\(id) has no items") }
        var seen: Set<String> = []
        for item in items {
            guard Self.isKebab(item.key) else { throw .init("\(id): item key \(item.key) is not kebab-case") }
            for prerequisite in item.prerequisites where !seen.contains(prerequisite) {
                throw .init("\(id): \(item.key) needs \(prerequisite), which is not declared before it")
            }
            guard seen.insert(item.key).inserted else { throw .init("\(id): item \(item.key) is declared twice") }
            if anchor.kind == .date, item.offsets.contains(where: { if case .hours = $0 { true } else { false } }) {
                throw .init("\(id): \(item.key) counts hours from \(anchor.name), which is a date (hours need a datetime anchor)")
            }
            let window = item.window
            for (earlier, later) in [(window.dueFrom, window.dueBy), (window.dueBy, window.expires)]
            where earlier.unit == later.unit && earlier.amount > later.amount {
                throw .init("\(id): \(item.key)'s window closes before it opens (\(earlier) after \(later))")
            }
            if let recurrence = item.recurrence {
                guard recurrence.intervals.allSatisfy({ $0.amount > 0 }) else {
                    throw .init("\(id): \(item.key) recurs after a non-positive interval")
                }
                guard (recurrence.limit ?? 1) >= 1 else { throw .init("\(id): \(item.key)'s recurrence limit must be 1 or more") }
            }
        }
    }
}

/// Why a declaration was refused, in words a policy administrator can act on.
public struct ScheduleDeclarationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// 起算点 — what a schedule counts from, named as the programme names it (`birth`, `return-home`).
public struct ScheduleAnchor: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// An instant (a birth datetime): hour offsets are counted on it.
        case datetime
        /// A legal date (admission, return home, a check passed, the last visit).
        case date
    }
    public let name: String
    public let kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// 日程项 — one thing due: at `offset` from the anchor (its nominal point), within `window`.
public struct ScheduleItem: Sendable, Codable, Equatable {
    public let key: String
    public let title: Localized?
    /// The nominal point, from the anchor.
    public let offset: ScheduleOffset
    public let window: ScheduleWindow
    /// Items that must be done before this one is planned (keys declared earlier).
    public let prerequisites: [String]
    /// Facts of the subject under which the item does not apply: it is planned as skipped, with the condition as reason.
    public let skipWhen: [FactCondition]
    /// A required item holds its group open until it is done or skipped with a reason; an optional one does not.
    public let required: Bool
    /// Items of one encounter (the 3-month check-up and its eye check) share a group.
    public let group: String?
    /// Set for an item that comes again, counted from the previous occurrence's completion.
    public let recurrence: ScheduleRecurrence?

    public init(
        key: String, title: Localized? = nil, offset: ScheduleOffset, window: ScheduleWindow, prerequisites: [String] = [],
        skipWhen: [FactCondition] = [], required: Bool = true, group: String? = nil, recurrence: ScheduleRecurrence? = nil
    ) {
        self.key = key
        self.title = title
        self.offset = offset
        self.window = window
        self.prerequisites = prerequisites
        self.skipWhen = skipWhen
        self.required = required
        self.group = group
        self.recurrence = recurrence
    }

    enum CodingKeys: String, CodingKey {
        case key, title, offset, window, prerequisites, skipWhen, required, group, recurrence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        title = try container.decodeIfPresent(Localized.self, forKey: .title)
        offset = try container.decode(ScheduleOffset.self, forKey: .offset)
        window = try container.decode(ScheduleWindow.self, forKey: .window)
        prerequisites = try container.decodeIfPresent([String].self, forKey: .prerequisites) ?? []
        skipWhen = try container.decodeIfPresent([FactCondition].self, forKey: .skipWhen) ?? []
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
        group = try container.decodeIfPresent(String.self, forKey: .group)
        recurrence = try container.decodeIfPresent(ScheduleRecurrence.self, forKey: .recurrence)
    }

    var offsets: [ScheduleOffset] {
        [offset, window.dueFrom, window.dueBy, window.expires] + (recurrence?.intervals ?? [])
    }
}

/// 时限 — when an item may be done and when it is late, as offsets from its nominal point: due from (it may be done),
/// due by (after it, overdue), expires (after it, missed: too late to count). A date bound covers its whole day in
/// China. Where units differ and month ends make a bound fall before the previous one, it is moved up to it, so
/// due from ≤ due by ≤ expires always holds.
public struct ScheduleWindow: Sendable, Codable, Hashable {
    public let dueFrom: ScheduleOffset
    public let dueBy: ScheduleOffset
    public let expires: ScheduleOffset

    /// `dueFrom` defaults to the nominal point, `expires` to `dueBy`.
    public init(dueFrom: ScheduleOffset = .days(0), dueBy: ScheduleOffset, expires: ScheduleOffset? = nil) {
        self.dueFrom = dueFrom
        self.dueBy = dueBy
        self.expires = expires ?? dueBy
    }

    enum CodingKeys: String, CodingKey { case dueFrom, dueBy, expires }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            dueFrom: try container.decodeIfPresent(ScheduleOffset.self, forKey: .dueFrom) ?? .days(0),
            dueBy: try container.decode(ScheduleOffset.self, forKey: .dueBy),
            expires: try container.decodeIfPresent(ScheduleOffset.self, forKey: .expires))
    }
}

/// A fact of the subject (`{"fact": "consent", "in": ["refused"]}`) a programme hands the engine with the subject.
public struct FactCondition: Sendable, Codable, Hashable {
    public let fact: String
    public let values: [String]

    public init(fact: String, in values: [String]) {
        self.fact = fact
        self.values = values
    }

    enum CodingKeys: String, CodingKey {
        case fact
        case values = "in"
    }

    func holds(for facts: [String: String]) -> Bool { facts[fact].map(values.contains) ?? false }
}

/// 周期 — an item that comes again: occurrence n + 1 is counted from the day occurrence n was done (or skipped) —
/// "the next visit N days after the last one" — with N chosen by a fact (`by`, e.g. the risk colour) from
/// `intervalBy`, else `every`. `limit` caps the number of occurrences.
public struct ScheduleRecurrence: Sendable, Codable, Hashable {
    public let every: ScheduleOffset
    public let by: String?
    public let intervalBy: [String: ScheduleOffset]
    public let limit: Int?

    public init(every: ScheduleOffset, by: String? = nil, intervalBy: [String: ScheduleOffset] = [:], limit: Int? = nil) {
        self.every = every
        self.by = by
        self.intervalBy = intervalBy
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey { case every, by, intervalBy, limit }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            every: try container.decode(ScheduleOffset.self, forKey: .every), by: try container.decodeIfPresent(String.self, forKey: .by),
            intervalBy: try container.decodeIfPresent([String: ScheduleOffset].self, forKey: .intervalBy) ?? [:],
            limit: try container.decodeIfPresent(Int.self, forKey: .limit))
    }

    /// The interval after an occurrence for a subject with `facts`.
    func interval(for facts: [String: String]) -> ScheduleOffset {
        by.flatMap { facts[$0] }.flatMap { intervalBy[$0] } ?? every
    }

    var intervals: [ScheduleOffset] { [every] + intervalBy.values.sorted { $0.description < $1.description } }
}
