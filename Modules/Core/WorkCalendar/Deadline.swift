import Vocabulary

/// 期限 — how a rule counts its deadline: calendar days, working days (工作日) or hours. A policy value carries it as a
/// JSON object with exactly one member, the kind and a count of at least 0: `{"calendarDays": 15}`,
/// `{"workingDays": 5}`, `{"hours": 72}`. `WorkingCalendar.deadline(from:rule:)` computes the day or instant it ends.
public enum Deadline: Hashable, Sendable, Codable, CustomStringConvertible {
    /// 日: the start day not counted; a last day that is not a working day moves to the next working day.
    case calendarDays(Int)
    /// 工作日: counted from the day after the start, over the days the calendar says are worked.
    case workingDays(Int)
    /// 小时: counted from the instant it starts, holidays included.
    case hours(Int)

    public var count: Int {
        switch self {
        case .calendarDays(let n), .workingDays(let n), .hours(let n): n
        }
    }

    public var description: String {
        switch self {
        case .calendarDays(let n): "\(n) 日"
        case .workingDays(let n): "\(n) 个工作日"
        case .hours(let n): "\(n) 小时"
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case calendarDays, workingDays, hours
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let kind = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected exactly one of calendarDays, workingDays, hours, e.g. {\"workingDays\": 5}"))
        }
        let count = try container.decode(Int.self, forKey: kind)
        guard count >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: kind, in: container, debugDescription: "a deadline counts 0 or more")
        }
        switch kind {
        case .calendarDays: self = .calendarDays(count)
        case .workingDays: self = .workingDays(count)
        case .hours: self = .hours(count)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .calendarDays(let n): try container.encode(n, forKey: .calendarDays)
        case .workingDays(let n): try container.encode(n, forKey: .workingDays)
        case .hours(let n): try container.encode(n, forKey: .hours)
        }
    }
}
