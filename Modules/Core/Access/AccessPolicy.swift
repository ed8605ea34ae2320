/// The security limits of sign-in (GB/T 22239 level 3: limit failed logins, log out idle sessions).
public struct AccessPolicy: Sendable {
    public var minimumPasswordLength = 12
    public var maximumFailures = 5
    public var lockout: Duration = .seconds(15 * 60)
    public var idleTimeout: Duration = .seconds(30 * 60)
    public var absoluteLifetime: Duration = .seconds(12 * 60 * 60)
    /// bcrypt work factor; 12 costs about a quarter of a second per hash.
    public var bcryptCost: UInt8 = 12
    /// How long a checked token is trusted without asking the database again (see `Sessions`).
    public var sessionCacheTTL: Duration = .seconds(5)

    public init() {}
}

extension Duration {
    /// Whole seconds, for SQL intervals.
    var wholeSeconds: Int { Int(components.seconds) }
}
