import ArgumentParser
import Boot
import Contract
import Foundation
import Logging

/// The CLI's command context: the catalogue `tonghu` was built with and the options of the command being run.
/// Programme commands see it as a `CommandContext`; the core's own commands use the booted `Platform` itself.
struct AdminHost: CommandContext {
    let programmes: [any Programme.Type]
    /// The command's options (`--database-url`, `--data-dir`, `--as-of`) over the `TONGHU_*` environment.
    let settings: Settings

    init(programmes: [any Programme.Type], options: CommandOptions) {
        self.programmes = programmes
        self.settings = options.settings
    }

    func withPlatform<T: Sendable>(_ body: (Platform) async throws -> T) async throws -> T {
        try await withPlatform(migrate: true, body)
    }

    func progress(_ unit: Localized, reading file: URL?) -> any ProgressMeter {
        ProgressLine(unit: unit, reading: file)
    }

    /// Boots the platform (the embedded cluster is started or shared; stopped afterwards only if started here),
    /// runs `body` with its database clients running, and turns failures into one line and an exit code.
    func withPlatform<T: Sendable>(migrate: Bool, _ body: (Platform) async throws -> T) async throws -> T {
        var logger = Logger(label: "tonghu")
        logger.logLevel = ProcessInfo.processInfo.environment["TONGHU_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        do {
            let booted = try await Bootstrap(settings: settings, catalogue: programmes, logger: logger).boot(migrate: migrate)
            do {
                let value = try await booted.platform.withRunningClients { try await body(booted.platform) }
                await booted.shutdown()
                return value
            } catch {
                await booted.shutdown()
                throw error
            }
        } catch {
            throw CommandOptions.exit(for: error)
        }
    }
}

/// A command of the core's own groups (`tonghu database …`, `tonghu user …`): run by the host with `AdminHost`.
protocol CoreCommand: AsyncParsableCommand {
    var options: CommandOptions { get }
    func run(_ host: AdminHost) async throws
}
