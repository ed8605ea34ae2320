import Foundation
import Vocabulary

/// 公民身份号码 — the 18-character citizen ID number of GB 11643-1999 (domain-rules §8.1), validated:
/// 17 digits and a check character (ISO 7064 MOD 11-2), a real birth date not in the future.
/// 15-digit legacy numbers are upgraded (century 19 inserted, check character computed).
public struct CitizenID: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, check character upper-case.
    public let value: String

    public enum Sex: String, Sendable, Codable { case male = "M", female = "F" }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    /// Validates `text` (surrounding spaces ignored, `x` accepted for `X`) as of `today`. Works on the UTF-8 bytes:
    /// bulk imports validate millions of numbers.
    public init(_ text: String, today: CalendarDate) throws(Problem) {
        var digits = Array(text.utf8)
        if let first = digits.first, let last = digits.last,
            !Self.isDigit(first) || !(Self.isDigit(last) || last | 0x20 == UInt8(ascii: "x"))
        {
            digits = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        }
        if digits.count == 15, digits.allSatisfy(Self.isDigit) {
            let body = Array(digits[..<6]) + Array("19".utf8) + Array(digits[6...])
            digits = body + [Self.checkByte(for: body)]
        }
        if digits.last == UInt8(ascii: "x") { digits[digits.count - 1] = UInt8(ascii: "X") }
        guard digits.count == 18, digits[..<17].allSatisfy(Self.isDigit), let last = digits.last,
            Self.isDigit(last) || last == UInt8(ascii: "X")
        else {
            if Self.isSpreadsheetNumber(digits) {
                let shown = String(decoding: digits, as: UTF8.self)
                throw Self.invalid(
                    "身份证号被电子表格转成了数字 (\(shown)), 后几位已丢失: 请把该列设为“文本”格式后重新输入, 或从原始文件导出",
                    "the spreadsheet turned this ID number into a number (\(shown)) and lost its last digits: format the column as Text and enter the numbers again, or export from the original file"
                )
            }
            throw Self.invalid(
                "身份证号应为 18 位 (前 17 位数字, 末位数字或 X) 或 15 位旧号", "must be 18 characters (17 digits and a digit or X) or a 15-digit legacy number"
            )
        }
        let expected = Self.checkByte(for: digits[..<17])
        guard expected == last else {
            let character = Character(UnicodeScalar(expected))
            throw Self.invalid("身份证号校验位错误 (应为 \(character))", "check character is wrong (expected \(character))")
        }
        guard let birth = Self.birthDate(of: digits) else {
            let text = String(decoding: digits[6..<14], as: UTF8.self)
            throw Self.invalid("身份证号中的出生日期 \(text) 不存在", "birth date \(text) does not exist")
        }
        guard birth <= today else {
            throw Self.invalid("身份证号中的出生日期 \(birth) 在未来", "birth date \(birth) is in the future")
        }
        value = String(decoding: digits, as: UTF8.self)
    }

    public var birthDate: CalendarDate { Self.birthDate(of: Array(value.utf8))! }

    /// The 17th character: odd for male, even for female.
    public var sex: Sex { Array(value.utf8)[16] % 2 == 1 ? .male : .female }

    /// `320412********1234`: the area code and the last four, as every screen and export shows it by default.
    public var masked: String { String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4)) }

    /// Never the number itself, so it cannot reach a log by interpolation.
    public var description: String { masked }

    static func checkCharacter(for body: String) -> Character {
        Character(UnicodeScalar(checkByte(for: Array(body.utf8))))
    }

    static func checkByte(for body: some Collection<UInt8>) -> UInt8 {
        let sum = zip(body, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return checkBytes[sum % 11]
    }

    static func birthDate(of digits: [UInt8]) -> CalendarDate? {
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        return CalendarDate(year: number(6..<10), month: number(10..<12), day: number(12..<14))
    }

    /// `3.20412E+17` or `3.20412201307212e17`: what Excel shows, and saves, for an 18-digit number in a General cell.
    static func isSpreadsheetNumber(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.wholeMatch(of: /[1-9](\.[0-9]+)?[eE]\+?1[4-7]/) != nil
    }

    static let checkBytes = Array("10X98765432".utf8)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func invalid(_ zh: String, _ en: String) -> Problem {
        .invalid("idNumber", zh, "idNumber: " + en)
    }
}
