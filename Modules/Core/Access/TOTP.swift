import Crypto
import Foundation

/// 动态口令 — time-based one-time passwords (RFC 6238): HMAC-SHA-1 of the 30-second step since the Unix epoch,
/// truncated to 6 digits (RFC 4226), as every authenticator app computes them.
struct TOTP: Sendable {
    let secret: Data
    static let stepSeconds: Int64 = 30
    static let digits = 6

    /// The step `date` falls in.
    static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down)) }

    /// The code of `step`, zero-padded to `digits`.
    func code(step: Int64, digits: Int = Self.digits) -> String {
        let counter = withUnsafeBytes(of: UInt64(bitPattern: step).bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let truncated =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(truncated % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The step within one of `date`'s (clock drift) whose code is `code`, if it is later than `after` (a step used
    /// before is refused, so an overheard code cannot be replayed).
    func matchingStep(_ code: String, at date: Date, after: Int64?) -> Int64? {
        let now = Self.step(at: date)
        return (now - 1...now + 1).first { step in step > (after ?? .min) && constantTimeEqual(self.code(step: step), code) }
    }
}

/// Compares without stopping at the first difference.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let (x, y) = (Array(a.utf8), Array(b.utf8))
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}

/// RFC 4648 base32 without padding, the alphabet authenticator apps read secrets in.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ data: Data) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// `nil` for a character outside the alphabet (case and padding are ignored).
    static func decode(_ text: String) -> Data? {
        var output = Data()
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
