import Testing
import Vocabulary

@testable import Access

@Suite("口令规则 password rules")
struct PasswordRulesTests {
    let rules = PasswordRules(minimumLength: 12)

    @Test(
        "common and breached passwords are refused, also with digits or symbols around them, in any case",
        arguments: [
            "qwertyuiop123", "1q2w3e4r5t6y", "Password2026!", "2026Dragon2026", "woaini1314520", "IloveYou!!!!!"
        ])
    func common(_ password: String) throws {
        #expect(throws: Problem.self) { try rules.check(password, username: "hutang") }
        do { try rules.check(password, username: "hutang") } catch let problem as Problem {
            #expect(problem.status == 422)
            #expect(problem.field == "password")
            #expect(problem.detail.zh.hasPrefix("密码"))
        }
    }

    @Test(
        "a password that is or contains the username, repeats one or two characters or counts up or down is refused",
        arguments: [
            ("zhangwei.2026", "zhangwei.2026"), ("hutang2026-spring", "hutang"), ("My-HuTang-lantern", "hutang"),
            ("abababababab", "zhang.wei"), ("zzzzzzzzzzzzzz", "zhang.wei"),
            ("123456789012", "zhang.wei"), ("987654321098", "zhang.wei"), ("abcdefghijklm", "zhang.wei")
        ])
    func usernameAndRepetition(_ password: String, _ username: String) {
        #expect(throws: Problem.self) { try rules.check(password, username: username) }
    }

    @Test("too short is refused with the minimum in the message")
    func short() {
        #expect(throws: Problem.invalid("password", "密码至少 12 个字符", "password must have at least 12 characters")) {
            try rules.check("Kx7#mQ2!", username: "hutang")
        }
    }

    /// The passwords the suite, the benchmarks and scripts/demo sign in with must stay allowed.
    @Test(
        "the passwords of the suite, the benchmarks and the demo pass",
        arguments: [
            ("correct-horse-battery", "hutang"), ("a-long-enough-password", "admin"), ("measured-lantern-river", "bench"),
            ("benchmark-password", "manager"), ("benchmark-password", "officer"),
            ("tonghu-demo-2026", "admin"), ("new-staple-lantern-river", "hutang")
        ])
    func suitePasswords(_ password: String, _ username: String) throws {
        try rules.check(password, username: username)
    }

    @Test("the shipped list is loaded whole")
    func list() {
        #expect(CommonPasswords.all.count > 40_000)
        #expect(CommonPasswords.contains("password"))
        #expect(!CommonPasswords.contains("correct-horse-battery"))
    }
}
