import Crypto
import Foundation
import _CryptoExtras

/// A SCRAM-SHA-256 password verifier in the form PostgreSQL stores (`pg_authid.rolpassword`) and accepts in
/// `CREATE/ALTER ROLE … PASSWORD`: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802, RFC 7677).
///
/// Computed here, so the password itself never appears in SQL text that a server log can keep. The verifier
/// still allows an offline guess at the password: do not log it either.
public struct ScramVerifier: Sendable, Equatable {
    public let iterations: Int
    public let salt: [UInt8]
    public let storedKey: [UInt8]
    public let serverKey: [UInt8]

    /// PostgreSQL's default iteration count (`scram_iterations`).
    public static let defaultIterations = 4096

    /// The verifier of `password` with a fresh 16-byte random salt.
    public init(password: String, iterations: Int = ScramVerifier.defaultIterations) throws {
        var generator = SystemRandomNumberGenerator()
        try self.init(
            password: password, salt: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }, iterations: iterations)
    }

    /// The verifier of `password` with `salt`. The password is used as its UTF-8 bytes, which is what SASLprep
    /// leaves of the printable ASCII passwords Tonghu generates.
    public init(password: String, salt: [UInt8], iterations: Int) throws {
        let salted = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256,
            outputByteCount: SHA256.byteCount, unsafeUncheckedRounds: iterations)
        let clientKey = Array(HMAC<SHA256>.authenticationCode(for: Array("Client Key".utf8), using: salted))
        self.iterations = iterations
        self.salt = salt
        self.storedKey = Array(SHA256.hash(data: clientKey))
        self.serverKey = Array(HMAC<SHA256>.authenticationCode(for: Array("Server Key".utf8), using: salted))
    }

    /// Parses a stored verifier; `nil` for anything else (an MD5 hash, no password).
    public init?(stored text: String) {
        guard text.hasPrefix("SCRAM-SHA-256$") else { return nil }
        let parts = text.dropFirst("SCRAM-SHA-256$".count).split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let head = parts[0].split(separator: ":")
        let keys = parts[1].split(separator: ":")
        guard head.count == 2, keys.count == 2, let iterations = Int(head[0]), iterations > 0,
            let salt = Data(base64Encoded: String(head[1])), let storedKey = Data(base64Encoded: String(keys[0])),
            let serverKey = Data(base64Encoded: String(keys[1]))
        else { return nil }
        self.iterations = iterations
        self.salt = Array(salt)
        self.storedKey = Array(storedKey)
        self.serverKey = Array(serverKey)
    }

    /// The text PostgreSQL stores; only base64 and digits, so it can stand in a DDL string literal.
    public var text: String {
        "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$\(Data(storedKey).base64EncodedString()):\(Data(serverKey).base64EncodedString())"
    }

    /// Whether `password` is the password this verifier was made from.
    public func matches(password: String) -> Bool {
        guard let other = try? ScramVerifier(password: password, salt: salt, iterations: iterations) else { return false }
        return other == self
    }
}
