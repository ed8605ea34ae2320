import Vocabulary

/// One day a notice lists: a public holiday (放假) or a make-up working day on a weekend (调休上班). A day the notice
/// does not list is worked from Monday to Friday and rested on Saturday and Sunday.
public struct CalendarDay: Hashable, Sendable, Codable {
    /// The two kinds a notice gives a day; the raw value is how the database stores it, `label` how a notice and the
    /// CSV file write it.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// 放假: not worked, whatever the day of the week.
        case holiday
        /// 上班: worked, whatever the day of the week (调休 moves a weekend into a working day).
        case workday

        public var label: String {
            switch self {
            case .holiday: "放假"
            case .workday: "上班"
            }
        }

        public init?(label: String) {
            guard let kind = Self.allCases.first(where: { $0.label == label }) else { return nil }
            self = kind
        }
    }

    public let date: CalendarDate
    public let kind: Kind
    /// The holiday the notice names, e.g. 春节 (a make-up day carries the holiday it makes up for).
    public let name: String

    public init(date: CalendarDate, kind: Kind, name: String) {
        self.date = date
        self.kind = kind
        self.name = name
    }
}
