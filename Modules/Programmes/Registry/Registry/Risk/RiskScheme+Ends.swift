extension RiskScheme {
    /// The colour a new file starts with: the scheme's last (lowest-risk) level.
    var lowest: RiskColour { levels.last?.colour ?? .green }

    /// A copy with `colour`'s visit interval set to `days` (how a district overrides one cadence).
    func with(interval days: Int, for colour: RiskColour) -> RiskScheme {
        var copy = self
        copy.levels = levels.map { level in
            var level = level
            if level.colour == colour { level.visitIntervalDays = days }
            return level
        }
        return copy
    }
}
