import Vocabulary

/// 统计用区划代码 — the 12-digit statistical division code (domain-rules §8.3): 2 digits province, 2 city,
/// 2 county, 3 township, 3 village. A district at level *n* has 2/4/6/9/12 significant digits and zeros after.
public struct DistrictCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: Int64

    /// Significant digits per level, from 省 (1) to 村/居 (5).
    static let significantDigits = [2, 4, 6, 9, 12]

    /// Accepts exactly 12 digits whose non-zero prefix ends on a level boundary; `nil` otherwise.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int64(text) else { return nil }
        self.init(value: value)
    }

    /// `text` as a district code, or a 422 naming `field`: the one refusal every input of a code gives (query, path,
    /// CLI option).
    public init(validating text: some StringProtocol, field: String = "district") throws(Problem) {
        guard let code = DistrictCode(text) else {
            throw Problem.invalid(field, "\(field) 应为 12 位区划代码", "\(field) must be a 12-digit district code")
        }
        self = code
    }

    public init?(value: Int64) {
        guard value >= 10_000_000_000, value <= 999_999_999_999 else { return nil }
        self.value = value
        guard level != nil else { return nil }
    }

    /// 1 = 省, 2 = 市, 3 = 县, 4 = 乡镇/街道, 5 = 村/居: the number of leading non-zero segments (2/2/2/3/3 digits);
    /// `nil` when a non-zero segment follows a zero one (`320412000201`: a village under township 000).
    public var level: Int? {
        var level = 0
        var seenZero = false
        var start = 0
        let digits = Array(String(value))
        guard digits.count == 12 else { return nil }
        for width in [2, 2, 2, 3, 3] {
            let segment = digits[start..<start + width]
            start += width
            if segment.allSatisfy({ $0 == "0" }) {
                seenZero = true
            } else {
                if seenZero { return nil }
                level += 1
            }
        }
        return level == 0 ? nil : level
    }

    /// The enclosing district implied by the code (`nil` for a province).
    public var parent: DistrictCode? {
        guard let level, level > 1 else { return nil }
        return truncated(to: level - 1)
    }

    /// This district and every district above it, from the province down.
    public var lineage: [DistrictCode] {
        guard let level else { return [] }
        return (1...level).map { truncated(to: $0) }
    }

    /// The code of the ancestor at `level` (1…5).
    public func truncated(to level: Int) -> DistrictCode {
        let keep = Self.significantDigits[level - 1]
        let divisor = Self.power(12 - keep)
        return DistrictCode(unchecked: value / divisor * divisor)
    }

    /// Every code in this district's subtree: `[code, code + 10^(12 − significant digits) − 1]`.
    public var subtree: ClosedRange<Int64> {
        let width = Self.power(12 - Self.significantDigits[(level ?? 5) - 1])
        return value...(value + width - 1)
    }

    public func contains(_ other: DistrictCode) -> Bool { subtree.contains(other.value) }

    public var description: String { String(value) }

    public static func < (lhs: DistrictCode, rhs: DistrictCode) -> Bool { lhs.value < rhs.value }

    init(unchecked value: Int64) { self.value = value }

    static func power(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { product, _ in product * 10 }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = DistrictCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 12-digit district code"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
