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
/// colour record `建档` names the actor and time). The CLI writes as the schema owner; an upload as its caller, under
/// their scope and row-level security, with rows outside it refused by line.
struct RegistryImport: Sendable {
    /// Who writes, and under what.
    struct Writer: Sendable {
        let database: Database
        let actor: String
        /// Set in each transaction: the caller's scope and name for row-level security, or the owner's bulk settings.
        let settings: [(name: String, value: String)]
        /// Districts whose children may be filed (a row with neither district inside is refused); `nil`: any.
        let scope: DistrictScope?
        /// The audit entry of a batch, given what it says.
        let auditEntry: @Sendable (String) -> AuditEntry
    }

    let context: ProgrammeContext
    let keyring: Keyring
    let writer: Writer
    var batchSize = 5_000
    /// Check the references of a batch at once where the role may (see `BulkOpen`); `false` leaves it to a trigger per row.
    var checksReferencesPerBatch = true
    /// Told the last line of each batch read (`tonghu registry import` shows it).
    var progress: any ProgressMeter = SilentProgress()

    /// `tonghu registry import`: the schema owner writes; commits do not wait for the disk (a crash can lose only the
    /// last batches, which a re-run writes again).
    init(platform: any AdminPlatform, actor: String, batchSize: Int = 5_000) throws {
        let owner = try platform.requireOwner()
        self.init(
            context: platform.context, keyring: platform.keyring.current, batchSize: batchSize,
            writer: Writer(
                database: owner, actor: actor, settings: [("synchronous_commit", "off")], scope: nil,
                auditEntry: {
                    AuditEntry(actor: actor, action: "file.import", programme: RegistryProgramme.id, entity: "import", entityID: $0)
                }))
    }

    /// An upload (`POST /imports`): the caller writes, under their scope and row-level security.
    init(call: Call, batchSize: Int) {
        self.init(
            context: call.context, keyring: call.context.children.keyring.current, batchSize: batchSize,
            writer: Writer(
                database: call.context.database, actor: call.actor, settings: call.transactionSettings(),
                scope: call.scope, auditEntry: { call.auditEntry("file.import", entity: "import", entityID: $0) }))
    }

    private init(context: ProgrammeContext, keyring: Keyring, batchSize: Int, writer: Writer) {
        self.context = context
        self.keyring = keyring
        self.batchSize = batchSize
        self.writer = writer
    }

    func run(_ url: URL, allOrNothing: Bool) async throws -> RegistryCommand.Import.Outcome {
        try await run(.path(url), allOrNothing: allOrNothing)
    }

    func run(_ file: ImportFile, allOrNothing: Bool) async throws -> RegistryCommand.Import.Outcome {
        let today = context.clock.today()
        let references = ImportReferences(files: FileRepository(context: context), database: writer.database, today: today)
        let preparer = ImportPreparer(
            reader: try ImportReader(file: file, today: today, batchSize: batchSize), references: references,
            keyring: keyring, scope: writer.scope)
        let (audit, logger, writer, perBatch, progress, schedules) = (
            context.audit, writer.database.logger, writer, checksReferencesPerBatch, progress, context.schedules
        )
        var outcome = try await writer.database.withConnection { connection in
            var outcome = RegistryCommand.Import.Outcome()
            let bulk = BulkOpen(
                actor: writer.actor, logger: logger, schedules: schedules,
                checksReferencesPerBatch: await BulkOpen.mayCheckReferencesPerBatch(connection, logger: logger) && perBatch)
            try await Self.begin(connection, settings: writer.settings, logger: logger)
            do {
                var current = try await preparer.next()
                while let batch = current {
                    async let following = preparer.next()
                    if let lines = batch.lines { progress.update(lines.upperBound) }
                    outcome.rejected += batch.rejected
                    if !allOrNothing || outcome.rejected.isEmpty, let lines = batch.lines {
                        let written = try await bulk.open(batch, today: today, on: connection)
                        try await audit.record(
                            writer.auditEntry("\(file.name) 第 \(lines.lowerBound)–\(lines.upperBound) 行: 建档 \(written.opened) 名"),
                            on: connection)
                        outcome.opened += written.opened
                        outcome.alreadyOpen += batch.count - written.opened - written.hidden.count + batch.repeated
                        outcome.rejected += written.hidden.map { position in
                            Problem.invalid("idNumber", "该儿童已由其他地区登记, 不在您的管辖范围内", "this child is registered outside your districts")
                                .at(row: batch.rowLines[position - 1])
                        }
                        if !allOrNothing {
                            try await connection.run("COMMIT", logger: logger)
                            try await Self.begin(connection, settings: writer.settings, logger: logger)
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

    /// A transaction for bulk writing with the writer's settings and no JIT (the planner's guesses for the batch
    /// statement would buy seconds of compilation).
    private static func begin(_ connection: PostgresConnection, settings: [(name: String, value: String)], logger: Logger) async throws {
        try await connection.run("BEGIN", logger: logger)
        try await connection.run(PostgresConnection.setConfig([("jit", "off")] + settings), logger: logger)
    }
}
