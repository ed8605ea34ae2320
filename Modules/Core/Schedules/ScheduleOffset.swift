import Foundation
import Vocabulary

/// 间隔 — an offset of a schedule: hours (counted on the instant, e.g. the blood spot ≥ 72 h after birth), or days, weeks
/// or months (counted on dates in China, e.g. the 3-month check-up). JSON is a one-member object: `{"hours": 72}`,
/// `{"days": 42}`, `{"weeks": 2}`, `{"months": 3}`; the amount may be negative (a window opening before its nominal day).
public enum ScheduleOffset: Hashable, Sendable, Codable, CustomStringConvertible {
    case hours(Int)
    case days(Int)
    case weeks(Int)
    case months(Int)

    /// The unit's name, as JSON spells it.
    public var unit: String {
        switch self {
        case .hours: "hours"
        case .days: "days"
        case .weeks: "weeks"
        case .months: "months"
        }
    }

    public var amount: Int {
        switch self {
        case let .hours(n), let .days(n), let .weeks(n), let .months(n): n
        }
    }

    public var description: String { "\(amount) \(unit)" }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case hours, days, weeks, months
    }

    /// Amounts beyond a century in any unit are refused: no schedule runs that long, and the arithmetic stays in range.
    static let bound = 100 * 366 * 24

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an offset is one of {\"hours\": n}, {\"days\": n}, {\"weeks\": n}, {\"months\": n}"))
        }
        let amount = try container.decode(Int.self, forKey: key)
        guard abs(amount) <= Self.bound else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "offset out of range")
        }
        switch key {
        case .hours: self = .hours(amount)
        case .days: self = .days(amount)
        case .weeks: self = .weeks(amount)
        case .months: self = .months(amount)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .hours(n): try container.encode(n, forKey: .hours)
        case let .days(n): try container.encode(n, forKey: .days)
        case let .weeks(n): try container.encode(n, forKey: .weeks)
        case let .months(n): try container.encode(n, forKey: .months)
        }
    }
}
