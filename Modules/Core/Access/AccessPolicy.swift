import Foundation

/// The security limits of sign-in (GB/T 22239 level 3: limit failed logins, log out idle sessions).
///
/// Failed sign-ins slow down the client that makes them, never the account (ASVS 2.2.1): see `LoginThrottle`.
public struct AccessPolicy: Sendable {
    public var minimumPasswordLength = 12
    /// Attempts one client may make for one username before each further one waits `firstBackoff`, doubling.
    public var failuresBeforeBackoff = 5
    /// Attempts one client may make across all usernames (credential stuffing) before the same backoff.
    public var clientFailuresBeforeBackoff = 50
    public var firstBackoff: Duration = .seconds(1)
    public var longestBackoff: Duration = .seconds(15 * 60)
    /// Failures older than this (since the last attempt of that client for that username) are forgotten.
    public var failureMemory: Duration = .seconds(24 * 60 * 60)
    public var idleTimeout: Duration = .seconds(30 * 60)
    public var absoluteLifetime: Duration = .seconds(12 * 60 * 60)
    /// bcrypt work factor; 12 costs about a quarter of a second per hash.
    public var bcryptCost: UInt8 = 12
    /// How long a checked token is trusted without asking the database again (see `Sessions`).
    public var sessionCacheTTL: Duration = .seconds(5)
    /// Whether the roles of `core.two-factor-roles` sign in with a second factor (`SecondFactors`). Off only in
    /// `AccessPolicy.fast`, for tests that sign in as administrators without one.
    public var enforcesSecondFactor = true
    /// The time TOTP codes are checked against; tests set their own.
    public var clock: @Sendable () -> Date = { Date() }

    public init() {}

    /// The wait after the `attempts`-th attempt when `free` are allowed without one: none before, then
    /// `firstBackoff` doubling with each attempt, at most `longestBackoff`.
    func backoff(after attempts: Int, free: Int) -> Duration {
        guard attempts >= free else { return .zero }
        let doubled = firstBackoff * (1 << min(attempts - free, 30))
        return min(doubled, longestBackoff)
    }
}

extension Duration {
    /// Whole seconds, for SQL intervals.
    var wholeSeconds: Int { Int(components.seconds) }

    /// Seconds with their fraction, for SQL intervals and `Retry-After`.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
