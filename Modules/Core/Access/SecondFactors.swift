import Children
import Crypto
import Database
import Districts
import Foundation
import Logging
import NIOCore
import Policy
import PostgresNIO
import Vocabulary

/// 双因素认证 — the TOTP second factor (RFC 6238) and one-use recovery codes (恢复码) that privileged roles need to
/// sign in (GB/T 22239 level 3: two kinds of authentication for administrators); tables of core migration 9.
///
/// Which roles need one is the policy setting `core.two-factor-roles` (JSON list of role names or patterns with one
/// `*`, resolved at each of the user's grant districts; unset or unreadable: `core.admin`, `core.auditor`, `*.manager`).
/// A user with a confirmed factor is always asked for it, whatever their roles now. The secret is stored only sealed
/// with the keyring; recovery codes only as SHA-256 of 80 random bits.
public struct SecondFactors: Sendable {
    let keyring: KeyringSource
    let settings: PolicyStore
    let logger: Logger

    /// The policy key of the roles that need a second factor, declared by the platform.
    public static let rolesKey = PolicyKey<[String]>(
        "core.two-factor-roles", title: .init(zh: "须用双因素登录的角色", en: "Roles that sign in with a second factor"),
        defaultValue: ["core.admin", "core.auditor", "*.manager"],
        source: "GB/T 22239-2019 网络安全等级保护基本要求 第三级 身份鉴别 (两种或两种以上组合的鉴别技术)")
    static let secretField = "core.second_factors.secret"
    /// The sealed TOTP secrets, re-encrypted by `tonghu keys rotate`.
    public static let secrets = SealedColumn(
        table: "core.second_factors", row: "user_id", rowType: "uuid", cipher: "secret_cipher",
        keyID: "secret_key", field: secretField)
    static let recoveryCodeCount = 10
    static let issuer = "童护"

    /// What a user must do at sign-in after the password.
    enum Demand {
        case nothing
        /// A privileged user without a confirmed factor: the session is good only for enrolling.
        case enrolment
        case code(TOTP, lastStep: Int64?)
    }

    /// How the second factor was given at sign-in.
    enum Use: Sendable {
        case totp
        case recoveryCode(left: Int)
    }

    func demand(of user: UUID, today: CalendarDate, on connection: PostgresConnection) async throws -> Demand {
        let factor = try await connection.query(
            """
            SELECT secret_cipher, secret_key, last_step FROM core.second_factors WHERE user_id = \(user) AND confirmed_at IS NOT NULL
            """, logger: logger
        ).decode((Data, String, Int64?).self).first()
        if let (cipher, key, lastStep) = factor { return .code(try open(cipher, key: key), lastStep: lastStep) }
        let grants = try await connection.query("SELECT role, district FROM core.grants WHERE user_id = \(user)", logger: logger)
            .decode((String, Int64).self).collect()
        var patterns: [Int64: [String]] = [:]
        for (role, code) in grants {
            guard let district = DistrictCode(value: code) else { continue }
            if patterns[code] == nil { patterns[code] = try await roles(at: district, today: today, on: connection) }
            if patterns[code, default: []].contains(where: { Self.matches(role, $0) }) { return .enrolment }
        }
        return .nothing
    }

    /// Checks `code` (a 6-digit TOTP or a recovery code) and records its use, so neither can serve twice.
    func spend(_ code: String, totp: TOTP, lastStep: Int64?, user: UUID, at now: Date, on connection: PostgresConnection) async throws
        -> Use?
    {
        let digits = code.filter { !$0.isWhitespace }
        if digits.count == TOTP.digits, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
            guard let step = totp.matchingStep(digits, at: now, after: lastStep) else { return nil }
            // Conditional on the step, so two sign-ins racing with one code cannot both pass.
            let recorded = try await connection.query(
                """
                UPDATE core.second_factors SET last_step = \(step)
                WHERE user_id = \(user) AND (last_step IS NULL OR last_step < \(step)) RETURNING user_id
                """, logger: logger
            ).collect()
            return recorded.isEmpty ? nil : .totp
        }
        let left =
            try await connection.query("SELECT core.use_recovery_code(\(user), \(Self.digest(recoveryCode: code)))", logger: logger)
            .decode(Int64?.self).first() ?? nil
        return left.map { .recoveryCode(left: Int($0)) }
    }

    /// Starts (or restarts, while unconfirmed) an enrolment with a fresh 160-bit secret.
    func enrol(_ user: UUID, username: String, on connection: PostgresConnection) async throws -> Enrolment {
        let secret = Base32.encode(SymmetricKey(size: .init(bitCount: 160)).withUnsafeBytes { Data($0) })
        let sealed = keyring.current.seal(secret, field: Self.secretField)
        let started = try await connection.query(
            """
            INSERT INTO core.second_factors (user_id, secret_cipher, secret_key) VALUES (\(user), \(sealed.ciphertext), \(sealed.keyID))
            ON CONFLICT (user_id) DO UPDATE SET secret_cipher = EXCLUDED.secret_cipher, secret_key = EXCLUDED.secret_key,
                created_at = now(), last_step = NULL
            WHERE core.second_factors.confirmed_at IS NULL
            RETURNING user_id
            """, logger: logger
        ).collect()
        guard !started.isEmpty else { throw Self.alreadyEnrolled }
        let (issuer, account) = (Self.percentEncoded(Self.issuer), Self.percentEncoded(username))
        return Enrolment(
            secret: secret,
            uri:
                "otpauth://totp/\(issuer):\(account)?secret=\(secret)&issuer=\(issuer)&algorithm=SHA1&digits=\(TOTP.digits)&period=\(TOTP.stepSeconds)"
        )
    }

    /// Confirms the enrolment of `user` with a code from the app and returns the recovery codes, shown only now.
    func confirm(_ user: UUID, code: String, at now: Date, on connection: PostgresConnection) async throws -> [String] {
        let pending = try await connection.query(
            """
            SELECT secret_cipher, secret_key FROM core.second_factors WHERE user_id = \(user) AND confirmed_at IS NULL FOR UPDATE
            """, logger: logger
        ).decode((Data, String).self).first()
        guard let (cipher, key) = pending else { throw Self.nothingToConfirm }
        guard let step = try open(cipher, key: key).matchingStep(code.filter { !$0.isWhitespace }, at: now, after: nil) else {
            throw Problem.invalid("code", "动态口令不正确: 请输入验证器应用当前显示的 6 位数字", "wrong code: enter the 6 digits the authenticator app shows now")
        }
        try await connection.run(
            "UPDATE core.second_factors SET confirmed_at = now(), last_step = \(step) WHERE user_id = \(user)", logger: logger)
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.newRecoveryCode() }
        let hashes = codes.map { ByteBuffer(bytes: Self.digest(recoveryCode: $0)) }
        try await connection.run(
            """
            INSERT INTO core.recovery_codes (user_id, code_hash) SELECT \(user), h FROM unnest(\(hashes)::bytea[]) AS h
            """, logger: logger)
        return codes
    }

    /// The role patterns in force at `district`; the default when the setting is not a list of strings.
    private func roles(at district: DistrictCode, today: CalendarDate, on connection: PostgresConnection) async throws -> [String] {
        do {
            return try await settings.value(of: Self.rolesKey, in: district, on: today, on: connection)
        } catch is DecodingError {
            return Self.rolesKey.defaultValue
        }
    }

    private func open(_ cipher: Data, key: String) throws -> TOTP {
        guard let text = keyring.open(cipher, keyID: key, field: Self.secretField), let secret = Base32.decode(text) else {
            throw Problem(
                kind: "keyring", status: 500, title: .init(zh: "密钥缺失", en: "Missing key"),
                detail: .init(zh: "无法解密双因素密钥 (密钥 \(key))", en: "cannot decrypt a second-factor secret (key \(key))"))
        }
        return TOTP(secret: secret)
    }

    /// Every byte but RFC 3986's unreserved characters percent-encoded (`童护` → `%E7%AB%A5%E6%8A%A4`).
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    /// `role` against a name or a pattern with one `*` (`*.manager`, `registry.*`).
    static func matches(_ role: String, _ pattern: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return role == pattern }
        let (prefix, suffix) = (pattern[..<star], pattern[pattern.index(after: star)...])
        return role.count >= prefix.count + suffix.count && role.hasPrefix(prefix) && role.hasSuffix(suffix)
    }

    /// 16 base32 characters (80 bits) in groups of four, e.g. `k7qm-2xdf-9…`.
    static func newRecoveryCode() -> String {
        let text = Base32.encode(SymmetricKey(size: .init(bitCount: 80)).withUnsafeBytes { Data($0) }).lowercased()
        return stride(from: 0, to: 16, by: 4).map { start in
            String(text.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }

    /// SHA-256 of the code without its dashes and spaces, in upper case.
    static func digest(recoveryCode code: String) -> Data {
        Data(SHA256.hash(data: Data(code.filter { $0 != "-" && !$0.isWhitespace }.uppercased().utf8)))
    }

    static let required = Problem(
        kind: "second-factor-required", status: 401, title: .init(zh: "需要动态口令", en: "Second factor required"),
        detail: .init(zh: "请同时提交验证器应用的 6 位动态口令或一个恢复码 (code)", en: "send the authenticator's 6-digit code or a recovery code as code"),
        field: "code")
    static let wrongCode = Problem(
        kind: "bad-second-factor", status: 401, title: .init(zh: "登录失败", en: "Login failed"),
        detail: .init(zh: "动态口令或恢复码不正确, 或已使用过", en: "wrong or already used code"), field: "code")
    /// 403 for a token limited to enrolment (`Principal.enrolmentOnly`) on any other route.
    public static let enrolmentRequired = Problem(
        kind: "second-factor-enrolment-required", status: 403, title: .init(zh: "须先绑定动态口令", en: "Enrol a second factor first"),
        detail: .init(
            zh: "您的角色要求双因素登录: 请先通过 /api/v1/auth/second-factor/enrol 和 confirm 绑定验证器应用",
            en: "your role needs a second factor: enrol through /api/v1/auth/second-factor/enrol and confirm first"))
    static let alreadyEnrolled = Problem.conflict(
        "已绑定动态口令; 更换设备请联系管理员重置 (tonghu user reset-second-factor)",
        "a second factor is already confirmed; ask an administrator to reset it (tonghu user reset-second-factor)")
    static let nothingToConfirm = Problem.conflict(
        "没有待确认的绑定: 请先调用 /api/v1/auth/second-factor/enrol", "nothing to confirm: call /api/v1/auth/second-factor/enrol first")
}

/// A started enrolment: the secret in base32 and as an `otpauth://` URI (for a QR code), shown once.
public struct Enrolment: Sendable, Codable {
    public let secret: String
    public let uri: String
}
