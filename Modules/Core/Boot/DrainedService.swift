import Database
import ServiceLifecycle

/// A service that stops being waited for once cancelled, or ``drain`` after a graceful shutdown began, even when its
/// `run()` is stuck on a statement a lost connection never answers (see ``LostConnection``): SIGTERM during a
/// database outage still ends the process within the drain timeout.
public struct DrainedService: Service {
    public let service: any Service
    /// Longer than any service needs to finish its loop on a graceful shutdown (event dispatch waits up to 5 s).
    public let drain: Duration

    public init(_ service: any Service, drain: Duration = .seconds(10)) {
        self.service = service
        self.drain = drain
    }

    public func run() async throws {
        try await LostConnection.abandoning(drain: drain) { [service] in try await service.run() }
    }
}
