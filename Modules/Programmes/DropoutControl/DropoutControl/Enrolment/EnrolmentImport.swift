import CSVFiles
import Contract
import Foundation
import NIOCore
import PostgresNIO

/// Loads an enrolment-registry export as a new snapshot for a term, streaming: the file is read, checked and sent
/// with `COPY` in chunks, never held in memory. The snapshot is its own table, indexed after the load and attached
/// as a partition of `dropout_control.enrolments` (a lock that does not block readers); the table, its rows and the
/// switch of the term's current snapshot commit in one transaction, so readers see the old snapshot until the new
/// one is complete, and a failure leaves the old one in force. The replaced snapshot's partition is detached and
/// dropped afterwards. Bad rows are reported by line and field and the rest is loaded.
package struct EnrolmentImport: Sendable {
    let platform: any AdminPlatform
    let actor: String

    package init(platform: any AdminPlatform, actor: String) {
        self.platform = platform
        self.actor = actor
    }
    /// Called with the line reached after every `progressInterval` rows sent, inside the import (the CLI shows progress).
    var progressInterval = 10_000
    var progress: (@Sendable (Int) async -> Void)?

    package struct Outcome: Encodable, Sendable {
        package let term: String
        package let snapshot: Int64
        package let replaced: Int64?
        package let loaded: Int
        package let rejected: [Problem]
    }

    package func run(_ url: URL, term: Term) async throws -> Outcome {
        let owner = try platform.requireOwner()
        let logger = platform.context.logger
        let keyring = platform.keyring.current
        let (today, file, actor, interval, progress) = (
            platform.context.clock.today(), url.lastPathComponent, actor, progressInterval, progress
        )
        var reader: CSVReader
        do { reader = try CSVReader(url: url) } catch { throw Problem.invalid("file", error.description, error.description) }
        let source = RowSource(reader: reader)
        return try await owner.transaction { connection in
            var districts: [Int64: DistrictCode] = [:]
            for try await code in try await connection.query("SELECT code FROM core.districts WHERE valid_to IS NULL", logger: logger)
                .decode(Int64.self)
            {
                districts[code] = DistrictCode(value: code)
            }
            let snapshot = try await connection.query(
                """
                INSERT INTO dropout_control.snapshots (term, file, loaded_by) VALUES (\(term.description), \(file), \(actor)) RETURNING id
                """, logger: logger
            ).decode(Int64.self).collect()[0]
            let partition = "enrolments_\(snapshot)"
            let table = "dropout_control.enrolments_\(snapshot)"
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE \(table) (LIKE dropout_control.enrolments INCLUDING DEFAULTS, CHECK (snapshot = \(snapshot)))
                        """), logger: logger)
            let frozen = districts
            var loaded = 0
            try await connection.copy(
                into: "dropout_control", partition,
                columns: ["snapshot", "id_index", "name", "school", "school_district", "grade", "status", "line"], logger: logger
            ) { writer in
                var text = CopyText(capacity: 1 << 20)
                while let row = source.next(keyring: keyring, districts: frozen, today: today) {
                    text.integer(snapshot)
                    text.bytea(row.index)
                    text.text(row.name)
                    text.text(row.school)
                    text.integer(row.schoolDistrict.value)
                    text.integer(row.grade)
                    text.text(row.status.rawValue)
                    text.integer(row.line)
                    text.endRow()
                    loaded += 1
                    if text.bytes.count >= 1 << 20 {
                        try await writer.write(ByteBuffer(bytes: text.bytes))
                        text.clear()
                    }
                    if loaded % interval == 0, let progress { await progress(row.line) }
                }
                if !text.bytes.isEmpty { try await writer.write(ByteBuffer(bytes: text.bytes)) }
            }
            let rejected = source.rejected
            for statement in [
                "CREATE INDEX ON \(table) (id_index)", "CREATE INDEX ON \(table) (school_district)",
                "CREATE INDEX ON \(table) (school_district) WHERE status = '\(EnrolmentStatus.droppedOut.rawValue)'",
                "ALTER TABLE dropout_control.enrolments ATTACH PARTITION \(table) FOR VALUES IN (\(snapshot))"
            ] {
                try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            let replaced = try await connection.query(
                """
                WITH previous AS (SELECT snapshot FROM dropout_control.current_snapshots WHERE term = \(term.description) FOR UPDATE),
                     switched AS (
                        INSERT INTO dropout_control.current_snapshots (term, snapshot) VALUES (\(term.description), \(snapshot))
                        ON CONFLICT (term) DO UPDATE SET snapshot = EXCLUDED.snapshot, switched_at = now()
                     )
                SELECT snapshot FROM previous
                """, logger: logger
            ).decode(Int64.self).first()
            try await connection.run(
                """
                UPDATE dropout_control.snapshots SET loaded = \(loaded), rejected = \(rejected.count),
                    replaced_at = CASE WHEN id = \(snapshot) THEN NULL ELSE now() END
                WHERE id = \(snapshot) OR id = \(replaced)
                """, logger: logger)
            try await platform.context.audit.record(
                AuditEntry(
                    actor: actor, action: "enrolment.import", programme: DropoutControlProgramme.id,
                    entity: "snapshot", entityID: String(snapshot)), on: connection)
            return Outcome(term: term.description, snapshot: snapshot, replaced: replaced, loaded: loaded, rejected: rejected)
        }
    }

    /// Detaches and drops the partition of a replaced snapshot once the switch committed (nobody reads it any more);
    /// `DETACH … CONCURRENTLY` waits for running readers instead of blocking new ones.
    func dropReplaced(_ outcome: Outcome) async throws {
        guard let replaced = outcome.replaced else { return }
        let table = "dropout_control.enrolments_\(replaced)"
        try await platform.requireOwner().withConnection { connection in
            for statement in ["ALTER TABLE dropout_control.enrolments DETACH PARTITION \(table) CONCURRENTLY", "DROP TABLE \(table)"] {
                try await connection.run(PostgresQuery(unsafeSQL: statement), logger: platform.context.logger)
            }
        }
    }
}

/// The checked rows of a file, one at a time, keeping the ones it refused. Used by one task only: the reader is a
/// value type wrapped in a class so the `COPY` closure can pull from it.
final class RowSource: @unchecked Sendable {
    private var reader: CSVReader
    private var positions = EnrolmentRow.defaultPositions
    private(set) var rejected: [Problem] = []

    init(reader: CSVReader) { self.reader = reader }

    func next(keyring: Keyring, districts: [Int64: DistrictCode], today: CalendarDate) -> EnrolmentRow? {
        while true {
            let record: CSVRecord?
            do { record = try reader.nextRecord() } catch {
                rejected.append(.invalid("file", error.description, error.description, row: error.line))
                continue
            }
            guard let record else { return nil }
            if record.line == 1, let header = EnrolmentRow.header.positions(of: record.fields) {
                positions = header
                continue
            }
            do {
                return try EnrolmentRow.parse(
                    record.fields, line: record.line, positions: positions, keyring: keyring, districts: districts, today: today)
            } catch {
                rejected.append(error)
            }
        }
    }
}
