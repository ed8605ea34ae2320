import Boot
import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// Streams an import file in batches of 500 rows. Each batch is one transaction with a savepoint per row, so a
/// row the database refuses is reported and the rest of the batch is kept; with `allOrNothing` everything runs in
/// one transaction that is rolled back when any row is bad. Files already open are skipped, so a re-run adds nothing.
struct RegistryImport: Sendable {
    let platform: Platform
    let actor: String
    static let batchSize = 500

    func run(_ url: URL, allOrNothing: Bool) async throws -> RegistryCommand.Import.Outcome {
        let owner = try platform.requireOwner()
        let today = CalendarDate.today()
        return try await owner.withConnection { connection in
            var batches = try BatchReader(url: url, today: today)
            var outcome = RegistryCommand.Import.Outcome()
            try await connection.run("BEGIN", logger: owner.logger)
            do {
                while let batch = batches.next() {
                    try await open(batch, today: batches.today, outcome: &outcome, connection)
                    if !allOrNothing {
                        try await connection.run("COMMIT", logger: owner.logger)
                        try await connection.run("BEGIN", logger: owner.logger)
                    }
                }
                outcome.rejected += batches.rejected
                if allOrNothing && !outcome.rejected.isEmpty {
                    try await connection.run("ROLLBACK", logger: owner.logger)
                    outcome.opened = 0
                    outcome.alreadyOpen = 0
                } else {
                    try await connection.run("COMMIT", logger: owner.logger)
                }
            } catch {
                _ = try? await connection.run("ROLLBACK", logger: owner.logger)
                throw error
            }
            outcome.rejected.sort { ($0.row ?? 0) < ($1.row ?? 0) }
            return outcome
        }
    }

    /// Opens each row's file under its own savepoint.
    private func open(_ batch: [ImportRow], today: CalendarDate, outcome: inout RegistryCommand.Import.Outcome, _ connection: PostgresConnection) async throws {
        let files = FileRepository(context: platform.context)
        let logger = platform.context.logger
        for row in batch {
            try await connection.run("SAVEPOINT import_row", logger: logger)
            do {
                let id = try await files.open(row.request, child: row.child, by: actor, today: today, connection)
                try await platform.context.audit.record(AuditEntry(actor: actor, action: "file.import", programme: RegistryProgramme.id,
                                                                   entity: "file", entityID: id.uuidString, childID: id), on: connection)
                try await connection.run("RELEASE SAVEPOINT import_row", logger: logger)
                outcome.opened += 1
            } catch let problem as Problem {
                try await connection.run("ROLLBACK TO SAVEPOINT import_row", logger: logger)
                if problem.status == 409 && problem.detail.zh.contains("已建档") {
                    outcome.alreadyOpen += 1
                } else {
                    outcome.rejected.append(problem.at(row: row.line))
                }
            }
        }
    }
}

/// Reads checked rows from the file a batch at a time, keeping the rows it refused (with their line and field).
struct BatchReader {
    let url: URL
    let today: CalendarDate
    private var reader: CSVReader?
    private var positions = ImportRow.defaultPositions
    private(set) var rejected: [Problem] = []

    init(url: URL, today: CalendarDate) throws {
        self.url = url
        self.today = today
    }

    /// The next batch, or `nil` at the end of the file.
    mutating func next() -> [ImportRow]? {
        if reader == nil {
            do { reader = try CSVReader(url: url) } catch {
                rejected.append(.invalid("file", error.description, error.description))
                return nil
            }
        }
        var batch: [ImportRow] = []
        while batch.count < RegistryImport.batchSize {
            let record: CSVRecord?
            do { record = try reader!.nextRecord() } catch {
                rejected.append(.invalid("file", error.description, error.description, row: error.line))
                if case .unterminatedQuote = error { break }
                continue
            }
            guard let record else { break }
            if record.line == 1, let header = ImportRow.header.positions(of: record.fields) {
                positions = header
                continue
            }
            do { batch.append(try ImportRow.parse(record.fields, line: record.line, positions: positions, today: today)) } catch {
                rejected.append(error)
            }
        }
        return batch.isEmpty ? nil : batch
    }
}
