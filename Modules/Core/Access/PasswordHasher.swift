import HummingbirdBcrypt
import NIOPosix
import Vocabulary

/// bcrypt hashing off the cooperative thread pool (each hash is deliberately slow).
struct PasswordHasher: Sendable {
    let cost: UInt8
    let minimumLength: Int

    /// A hash of a password nobody has, verified when the user is unknown so that timing does not reveal usernames.
    static let decoy = Bcrypt.hash("tonghu-decoy-password", cost: 4)

    func hash(_ password: String) async throws -> String {
        guard password.count >= minimumLength else {
            throw Problem.invalid("password", "密码至少 \(minimumLength) 个字符", "password must have at least \(minimumLength) characters")
        }
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? Self.decoy
        let ok = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return ok && hash != nil
    }
}
