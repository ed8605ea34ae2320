import Vocabulary

/// 口令规则 — what a new password must be (ASVS 2.1.1, 2.1.7): at least `minimumLength` characters, not the
/// username nor containing it, not one or two characters repeated nor a counting run, and not a common or breached
/// password (`CommonPasswords`). Refusals are 422 naming the field `password`.
struct PasswordRules: Sendable {
    let minimumLength: Int

    func check(_ password: String, username: String) throws {
        guard password.count >= minimumLength else {
            throw Problem.invalid("password", "密码至少 \(minimumLength) 个字符", "password must have at least \(minimumLength) characters")
        }
        let lowered = password.lowercased()
        let name = username.lowercased()
        if lowered == name || (name.count >= 3 && lowered.contains(name)) {
            throw Problem.invalid("password", "密码不能包含用户名", "password must not contain the username")
        }
        if Set(lowered).count <= 2 || Self.isRun(lowered) {
            throw Problem.invalid(
                "password", "密码不能是一两个字符的重复或连续的字符 (如 123456789012)",
                "password must not repeat one or two characters or count up or down (like 123456789012)")
        }
        if CommonPasswords.contains(password) {
            throw Problem.invalid("password", "密码过于常见或已在泄露的密码中出现, 请换一个", "password is too common or known from a breach; choose another")
        }
    }

    /// Whether every character follows the one before it, counting up or down (`9` then `0` counts as the next).
    static func isRun(_ text: String) -> Bool {
        let values = text.unicodeScalars.map { Int($0.value) }
        let steps = zip(values, values.dropFirst()).map { a, b in
            switch (a, b) {
            case (57, 48): 1 // 9 → 0
            case (48, 57): -1 // 0 → 9
            default: b - a
            }
        }
        return steps.allSatisfy { $0 == 1 } || steps.allSatisfy { $0 == -1 }
    }
}
