import Boot
import Contract
import Foundation
import Logging
import PostgresNIO

/// Streams an import file in batches (5,000 rows unless told): while one batch is written with set-based statements (`BulkOpen`),
/// the next is read, checked and encrypted (`ImportPreparer`). Each batch commits on its own, so the valid rows are
/// kept; with `allOrNothing` everything runs in one transaction that is rolled back when any row is bad (writing
/// stops at the first bad row, reading goes on to report them all). Children already filed are skipped, so a re-run
/// adds nothing.
///
/// Audit: one `file.import` entry per batch naming the file, its lines and the files opened (per child, the first
/// colour record `建档` names the actor and time). Commits do not wait for the disk (`synchronous_commit` off for these
/// transactions): a crash can lose only the last batches, which a re-run writes again.
struct RegistryImport: Sendable {
    let platform: Platform
    let actor: String
    var batchSize = 5_000
    /// Check the references of a batch at once where the role may (see `BulkOpen`); `false` leaves it to a trigger per row.
    var checksReferencesPerBatch = true

    func run(_ url: URL, allOrNothing: Bool) async throws -> RegistryCommand.Import.Outcome {
        let owner = try platform.requireOwner()
        let today = CalendarDate.today()
        let references = ImportReferences(files: FileRepository(context: platform.context), database: owner, today: today)
        let preparer = ImportPreparer(reader: ImportReader(url: url, today: today, batchSize: batchSize), references: references,
                                      keyring: platform.keyring.current)
        let (audit, logger, actor, perBatch) = (platform.context.audit, owner.logger, actor, checksReferencesPerBatch)
        var outcome = try await owner.withConnection { connection in
            var outcome = RegistryCommand.Import.Outcome()
            let writer = BulkOpen(actor: actor, logger: logger, checksReferencesPerBatch: await BulkOpen.mayCheckReferencesPerBatch(connection, logger: logger) && perBatch)
            try await Self.begin(connection, logger: logger)
            do {
                var current = try await preparer.next()
                while let batch = current {
                    async let following = preparer.next()
                    outcome.rejected += batch.rejected
                    if !allOrNothing || outcome.rejected.isEmpty, let lines = batch.lines {
                        let opened = try await writer.open(batch, today: today, on: connection)
                        try await audit.record(AuditEntry(actor: actor, action: "file.import", programme: RegistryProgramme.id, entity: "import",
                                                          entityID: "\(url.lastPathComponent) 第 \(lines.lowerBound)–\(lines.upperBound) 行: 建档 \(opened) 名"),
                                               on: connection)
                        outcome.opened += opened
                        outcome.alreadyOpen += batch.count - opened + batch.repeated
                        if !allOrNothing {
                            try await connection.run("COMMIT", logger: logger)
                            try await Self.begin(connection, logger: logger)
                        }
                    }
                    current = try await following
                }
                if allOrNothing && !outcome.rejected.isEmpty {
                    try await connection.run("ROLLBACK", logger: logger)
                    outcome.opened = 0
                    outcome.alreadyOpen = 0
                } else {
                    try await connection.run("COMMIT", logger: logger)
                }
            } catch {
                _ = try? await connection.run("ROLLBACK", logger: logger)
                throw error
            }
            return outcome
        }
        outcome.rejected.sort { ($0.row ?? 0) < ($1.row ?? 0) }
        return outcome
    }

    /// A transaction for bulk writing: no JIT (the planner's guesses for the batch statement would buy seconds of
    /// compilation), no wait for the disk at commit.
    private static func begin(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("BEGIN", logger: logger)
        try await connection.run("SELECT set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true)", logger: logger)
    }
}
