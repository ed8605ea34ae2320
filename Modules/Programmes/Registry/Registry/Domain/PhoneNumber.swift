import Contract
import Foundation

/// 电话号码 — a phone number as staff type it (digits, with `+`, `-` or spaces). Stored sealed with the keyring like
/// ID numbers, shown masked unless the reader holds `registry.pii.read` where the record is.
enum PhoneNumber {
    /// The trimmed number, `nil` when empty; refused (naming `field`) unless 3 to 20 digits, `+`, `-` or spaces with at
    /// least 3 digits.
    static func parse(_ text: String?, field: String) throws(Problem) -> String? {
        guard let phone = text?.trimmingCharacters(in: .whitespaces), !phone.isEmpty else { return nil }
        guard phone.count <= 20, phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ".contains($0)) }),
            phone.filter(\.isNumber).count >= 3
        else {
            throw Problem.invalid(field, "电话号码应为 3 到 20 位数字 (可含 + - 空格)", "\(field) must be 3 to 20 digits (with + - or spaces)")
        }
        return phone
    }

    /// `138****5678`: the first three and last four characters of a number of seven or more, every character of a
    /// shorter one hidden. Registry migration 6 masks the numbers it moves the same way.
    static func masked(_ phone: String) -> String {
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
    }
}
