import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// Who writes an import from a hospital or laboratory system, and under what: the caller of an upload (their district
/// scope and row-level security) or the schema owner for `tonghu health-screening import-…`.
struct ImportWriter: Sendable {
    let context: ProgrammeContext
    let database: Database
    let actor: String
    /// Set first in the import's transaction: the caller's scope for row-level security; none for the owner.
    let settings: [(name: String, value: String)]
    /// Districts a row may write into; `nil`: any (the owner).
    let scope: DistrictScope?
    /// The file's audit entry, given its action and what it says.
    let auditEntry: @Sendable (String, String) -> AuditEntry

    /// An upload: the caller writes, under their scope and row-level security.
    init(call: Call) {
        self.init(
            context: call.context, database: call.context.database, actor: call.actor, settings: call.transactionSettings(),
            scope: call.scope, auditEntry: { call.auditEntry($0, entity: "import", entityID: $1) })
    }

    /// The CLI: the schema owner writes, every district.
    init(platform: any AdminPlatform, actor: String) throws {
        let id = HealthScreeningProgramme.id
        self.init(
            context: platform.context, database: try platform.requireOwner(), actor: actor, settings: [], scope: nil,
            auditEntry: { AuditEntry(actor: actor, action: $0, programme: id, entity: "import", entityID: $1) })
    }

    private init(
        context: ProgrammeContext, database: Database, actor: String, settings: [(name: String, value: String)], scope: DistrictScope?,
        auditEntry: @escaping @Sendable (String, String) -> AuditEntry
    ) {
        (self.context, self.database, self.actor, self.settings, self.scope, self.auditEntry) = (
            context, database, actor, settings, scope, auditEntry
        )
    }

    /// Runs `body` over the file's records in one transaction that is rolled back when `body` refused any row
    /// (`refused` non-empty): all or nothing. Each row's writes run in a savepoint, so a database refusal of one row
    /// becomes that row's 4xx (and none of its counts stay) while the others are still checked. Blank rows are skipped by the reader; a first row that
    /// `header` recognises gives the column order.
    func run<Outcome: ImportOutcome>(
        _ file: ImportFile, header: CSVHeader, order: [String], into outcome: Outcome,
        _ body: @escaping @Sendable (inout Outcome, Cells, PostgresConnection) async throws -> Void
    ) async throws -> Outcome {
        try await run(
            file, header: header, order: order, into: outcome, batchesOf: 1, parse: { $0 },
            batch: { outcome, rows, connection in try await body(&outcome, rows[0].row, connection) },
            row: { outcome, row, connection in try await body(&outcome, row.row, connection) })
    }

    /// As `run`, `size` rows at a time, for a path whose rows are written set-wise: each row is parsed by `parse` (its
    /// refusal kept by line), each batch of parsed rows given to `batch` in one savepoint. A database refusal of a batch
    /// of several rows rolls it back and gives its rows one at a time to `row`, each in its own savepoint, so the
    /// refusal names its line; a batch of one row is refused as that row.
    func run<Outcome: ImportOutcome, Row: Sendable>(
        _ file: ImportFile, header: CSVHeader, order: [String], into outcome: Outcome, batchesOf size: Int,
        parse: @escaping @Sendable (Cells) throws -> Row,
        batch: @escaping @Sendable (inout Outcome, [(line: Int, row: Row)], PostgresConnection) async throws -> Void,
        row: @escaping @Sendable (inout Outcome, (line: Int, row: Row), PostgresConnection) async throws -> Void
    ) async throws -> Outcome {
        let (records, name) = (RecordSource(reader: file.reader), file.name)
        let logger = context.logger
        @Sendable func write(_ rows: [(line: Int, row: Row)], into outcome: inout Outcome, on connection: PostgresConnection) async throws {
            guard !rows.isEmpty else { return }
            try await connection.run("SAVEPOINT import_batch", logger: logger)
            let before = outcome
            do {
                try await batch(&outcome, rows, connection)
                try await connection.run("RELEASE SAVEPOINT import_batch", logger: logger)
                return
            } catch {
                guard rows.count == 1 || DatabaseRefusal.problem(for: error) != nil else { throw error }
                try await connection.run("ROLLBACK TO SAVEPOINT import_batch", logger: logger)
                outcome = before
                if rows.count == 1 {
                    outcome.refused.append(try Self.refusal(error, line: rows[0].line))
                    return
                }
            }
            for each in rows {
                try await connection.run("SAVEPOINT import_row", logger: logger)
                let before = outcome
                do {
                    try await row(&outcome, each, connection)
                    try await connection.run("RELEASE SAVEPOINT import_row", logger: logger)
                } catch {
                    try await connection.run("ROLLBACK TO SAVEPOINT import_row", logger: logger)
                    outcome = before
                    outcome.refused.append(try Self.refusal(error, line: each.line))
                }
            }
        }
        do {
            return try await database.transaction(settings: settings) { connection in
                var outcome = outcome
                var positions = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
                var pending: [(line: Int, row: Row)] = []
                pending.reserveCapacity(size)
                while let next = records.next() {
                    let record: CSVRecord
                    switch next {
                    case .failure(let error):
                        outcome.refused.append(.invalid("file", error.description, error.description, row: error.line))
                        continue
                    case .success(let value): record = value
                    }
                    if record.line == 1, let found = header.positions(of: record.fields) {
                        positions = found
                        continue
                    }
                    do {
                        pending.append((record.line, try parse(Cells(fields: record.fields, positions: positions, line: record.line))))
                    } catch {
                        outcome.refused.append(try Self.refusal(error, line: record.line))
                    }
                    if pending.count == size {
                        try await write(pending, into: &outcome, on: connection)
                        pending.removeAll(keepingCapacity: true)
                    }
                }
                try await write(pending, into: &outcome, on: connection)
                // A batch reports its rows' refusals after the parse refusals of the rows read meanwhile: by line again.
                outcome.refused.sort { ($0.row ?? 0) < ($1.row ?? 0) }
                guard outcome.refused.isEmpty else { throw Refused(outcome: outcome) }
                try await context.audit.record(
                    auditEntry(Outcome.auditAction, "\(name): \(outcome.summary)"), on: connection)
                return outcome
            }
        } catch let refused as Refused<Outcome> {
            var outcome = refused.outcome
            outcome.loaded = 0
            return outcome
        }
    }

    /// The row's refusal with its line: a problem as it was, a database refusal as its 4xx; anything else is no fault
    /// of the row and fails the import.
    private static func refusal(_ error: any Error, line: Int) throws -> Problem {
        if let problem = error as? Problem { return problem.at(row: line) }
        if let problem = DatabaseRefusal.problem(for: error) { return problem.at(row: line) }
        throw error
    }

    /// Thrown out of the transaction to roll it back when a row was refused.
    private struct Refused<Outcome: ImportOutcome>: Error {
        let outcome: Outcome
    }
}

/// The CSV or xlsx an import reads (UTF-8 with or without BOM, or GB18030; an xlsx by its zip signature): a file named
/// on the command line, or an upload in its unnamed spool file (``UploadSpool``). One that cannot be opened is a 422
/// naming the file, before any row.
struct ImportFile {
    let reader: CSVReader
    /// What the audit entry calls it.
    let name: String

    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        do { reader = try CSVReader(url: url) } catch { throw Problem.invalid("file", error.description, error.description) }
        name = url.lastPathComponent
    }

    init(upload: FileHandle) throws {
        name = "上传文件"
        do { reader = try CSVReader(handle: upload, name: name) } catch {
            throw Problem.invalid("file", error.description, error.description)
        }
    }
}

/// What an import answers: how many rows it wrote and the rows it refused (line, field, reason).
protocol ImportOutcome: DocumentedBody, Sendable {
    /// Rows written (0 when any row was refused: nothing is written then).
    var loaded: Int { get set }
    var refused: [Problem] { get set }
    /// The audit entry's action.
    static var auditAction: String { get }
    /// The counts, for the audit entry and the CLI.
    var summary: String { get }
}

/// One record's cells by field name, trimmed; the line it came from.
struct Cells: Sendable {
    let fields: [String]
    let positions: [String: Int]
    let line: Int

    subscript(_ field: String) -> String {
        guard let index = positions[field], index < fields.count else { return "" }
        return fields[index].trimmingCharacters(in: .whitespaces)
    }

    /// The cell, or `nil` when it is blank or its column is absent.
    func optional(_ field: String) -> String? {
        let value = self[field]
        return value.isEmpty ? nil : value
    }
}

/// The records of a file, one at a time, each a record or the reader's error for that line. Used by one task only: the
/// reader is a value type wrapped in a class so the transaction's closure can pull from it.
private final class RecordSource: @unchecked Sendable {
    private var reader: CSVReader
    private var finished = false

    init(reader: CSVReader) { self.reader = reader }

    func next() -> Result<CSVRecord, CSVError>? {
        guard !finished else { return nil }
        do {
            guard let record = try reader.nextRecord() else { return nil }
            return .success(record)
        } catch {
            if case .unterminatedQuote = error { finished = true }
            return .failure(error)
        }
    }
}
