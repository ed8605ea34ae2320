import Boot
import Contract

/// The test platform as an admin command's context: `try await command.run(test)` runs a programme's command on the
/// test database, as the schema owner, the way `tonghu` runs it on a deployment's.
extension TestPlatform: CommandContext {
    public var programmes: [any Programme.Type] { platform.programmes.map { type(of: $0) } }

    public func withPlatform<T: Sendable>(_ body: (Platform) async throws -> T) async throws -> T {
        try await body(platform)
    }
}
