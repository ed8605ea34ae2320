import Foundation

/// 进度 — how long admin work (an import) tells its user how far it has got. The CLI host shows it (`tonghu`: one
/// rewritten line on a terminal, a plain line every few seconds otherwise); elsewhere it is ``SilentProgress``.
public protocol ProgressMeter: Sendable {
    /// The work has reached `position` (rows read, or the file's line): cheap, call it per batch.
    func update(_ position: Int)
    /// The work is done: a terminal's line is completed.
    func finish()
}

/// A meter that shows nothing (tests, the gateway).
public struct SilentProgress: ProgressMeter {
    public init() {}
    public func update(_ position: Int) {}
    public func finish() {}
}

extension CommandContext {
    /// Nothing is shown unless the host shows progress.
    public func progress(_ unit: Localized, reading file: URL?) -> any ProgressMeter { SilentProgress() }
}

extension ProgressMeter {
    /// Runs `body` and finishes the display, however it ends.
    public func showing<T>(_ body: () async throws -> T) async rethrows -> T {
        defer { finish() }
        return try await body()
    }
}
