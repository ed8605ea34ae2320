import ArgumentParser
import Foundation

/// 管理命令 — a leaf command of a programme's `tonghu <id> …` group. The CLI host parses it, opens the platform its
/// options name and runs it with a `CommandContext`, so a programme depends on no host module. What it throws the host
/// prints as one line and maps to the CLI's exit codes (400/422 → 65, 404 → 66, 409 → 73, else 1).
public protocol AdminCommand: AsyncParsableCommand {
    /// The options every command shares (`@OptionGroup var options: CommandOptions`).
    var options: CommandOptions { get }
    func run(_ context: some CommandContext) async throws
}

/// 命令上下文 — what the CLI host gives a command: the compiled-in programmes and the platform, opened as the schema owner.
public protocol CommandContext: Sendable {
    associatedtype Opened: AdminPlatform
    /// The catalogue the CLI was built with (every compiled-in programme, enabled or not).
    var programmes: [any Programme.Type] { get }
    /// Opens the platform the options name (migrated; the embedded cluster started or shared), runs `body` with its
    /// database clients running, and closes it.
    func withPlatform<T: Sendable>(_ body: (Opened) async throws -> T) async throws -> T
    /// A meter for long work counted in `unit` (`行` / `rows`); given the `file` it reads, the meter estimates the total
    /// and the time left.
    func progress(_ unit: Localized, reading file: URL?) -> any ProgressMeter
}

/// The opened platform as admin work sees it: the programmes' shared context, the keyring and the owner connection.
public protocol AdminPlatform: Sendable {
    var context: ProgrammeContext { get }
    var keyring: KeyringSource { get }
    /// The schema owner's connection; refused with a clear message when the deployment gave none.
    func requireOwner() throws -> Database
}

/// 模块目录 — the compiled-in programmes, as a type the hosts are built with (`TonghuCommand<Catalogue>`).
public protocol ProgrammeCatalogue {
    static var programmes: [any Programme.Type] { get }
}
