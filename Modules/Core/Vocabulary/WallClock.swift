import Foundation

/// 时钟 — the platform's clock: the current instant and the day it is in China (Asia/Shanghai), where every deadline
/// is counted. Handed over once at boot (`ProgrammeContext.clock`, `Call.clock`); repositories take the day as a
/// parameter. Named apart from the standard library's `Clock` protocol, which it is not.
///
/// `asOf` runs the platform "as of" another day (`TONGHU_TODAY`, `tonghu … --as-of`, tests): that day is today for
/// every answer, and `now()` is the real time of day on it.
public struct WallClock: Sendable, Hashable {
    /// The day the platform runs as of, or `nil` for the real day.
    public let asOf: CalendarDate?

    /// The real day and time.
    public static let system = WallClock(asOf: nil)

    public init(asOf: CalendarDate?) {
        self.asOf = asOf
    }

    /// The current instant (on the `asOf` day when one is set).
    public func now() -> Date {
        let real = Date()
        guard let asOf else { return real }
        return real.addingTimeInterval(TimeInterval(CalendarDate.today(real).days(to: asOf)) * Self.secondsPerDay)
    }

    /// Today in China.
    public func today() -> CalendarDate { asOf ?? CalendarDate.today(Date()) }

    static let secondsPerDay: TimeInterval = 86_400
}
