import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the cooperative thread pool (each hash is deliberately slow).
struct PasswordHasher: Sendable {
    let cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash at this cost of a random password nobody knows: checked in place of an unknown user's, so that an
    /// unknown user costs what a wrong password does.
    func decoy() -> String {
        Bcrypt.hash(Sessions.randomToken(), cost: cost)
    }
}
