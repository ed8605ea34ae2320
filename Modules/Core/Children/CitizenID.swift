import Vocabulary

/// 公民身份号码 — the 18-character citizen ID number of GB 11643-1999 (domain-rules §8.1), validated:
/// 17 digits and a check character (ISO 7064 MOD 11-2), a real birth date not in the future.
/// 15-digit legacy numbers are upgraded (century 19 inserted, check character computed).
public struct CitizenID: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, check character upper-case.
    public let value: String

    public enum Sex: String, Sendable, Codable { case male = "M", female = "F" }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = Array("10X98765432")

    /// Validates `text` (surrounding spaces ignored, `x` accepted for `X`) as of `today`.
    public init(_ text: String, today: CalendarDate = .today()) throws(Problem) {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        if digits.count == 15, digits.allSatisfy(\.isASCIIDigit) {
            let body = String(digits.prefix(6)) + "19" + String(digits.dropFirst(6))
            digits = body + String(Self.checkCharacter(for: body))
        }
        guard digits.count == 18, digits.prefix(17).allSatisfy(\.isASCIIDigit), let last = digits.last, last.isASCIIDigit || last == "X" else {
            throw Self.invalid("身份证号应为 18 位 (前 17 位数字, 末位数字或 X) 或 15 位旧号", "must be 18 characters (17 digits and a digit or X) or a 15-digit legacy number")
        }
        let expected = Self.checkCharacter(for: String(digits.prefix(17)))
        guard expected == last else {
            throw Self.invalid("身份证号校验位错误 (应为 \(expected))", "check character is wrong (expected \(expected))")
        }
        guard let birth = Self.birthDate(of: digits) else {
            throw Self.invalid("身份证号中的出生日期 \(digits.dropFirst(6).prefix(8)) 不存在", "birth date \(digits.dropFirst(6).prefix(8)) does not exist")
        }
        guard birth <= today else {
            throw Self.invalid("身份证号中的出生日期 \(birth) 在未来", "birth date \(birth) is in the future")
        }
        value = digits
    }

    public var birthDate: CalendarDate { Self.birthDate(of: value)! }

    /// The 17th character: odd for male, even for female.
    public var sex: Sex { Int(String(Array(value)[16]))! % 2 == 1 ? .male : .female }

    /// `320412********1234`: the area code and the last four, as every screen and export shows it by default.
    public var masked: String { String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4)) }

    /// Never the number itself, so it cannot reach a log by interpolation.
    public var description: String { masked }

    static func checkCharacter(for body: String) -> Character {
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return checkCharacters[sum % 11]
    }

    static func birthDate(of digits: String) -> CalendarDate? {
        let chars = Array(digits)
        guard let y = Int(String(chars[6..<10])), let m = Int(String(chars[10..<12])), let d = Int(String(chars[12..<14])) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    static func invalid(_ zh: String, _ en: String) -> Problem {
        .invalid("idNumber", zh, "idNumber: " + en)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

import Foundation
