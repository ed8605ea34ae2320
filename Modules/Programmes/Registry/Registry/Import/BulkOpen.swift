import Contract
import Foundation
import Logging
import PostgresNIO
import RegistryInterface
import Schedules

/// Opens a batch of files in two set-based statements: registers the children whose ID number is new in the core index
/// (an existing child keeps its record, name and birth date), then for every child without a file yet writes the file,
/// its first colour (`建档`), parent statuses, derived categories and one `registry.child.registered` event, as
/// `FileRepository.open` does for one child. A child that already has a file is left as it is, so a re-run adds nothing.
///
/// Categories come from `CategoryRules` in Swift; a new file has none before, so no exit review can open, and the event's
/// payload carries the categories, so no separate `registry.categories.changed` is published.
///
/// References checked once per batch (`checksReferencesPerBatch`): every row the statements write refers to a district,
/// to a child or file written by the batch, or to a child already in the index. So instead of some 45,000
/// foreign-key triggers a batch (half the import's time in the database), the batch's districts and existing children
/// are locked `FOR KEY SHARE` — what each trigger would do, set-based — and the statements run with
/// `session_replication_role = replica`, as `pg_restore --disable-triggers` does; a district missing from the
/// index fails the batch. This needs a role that may set that parameter (the embedded cluster's owner; elsewhere
/// `GRANT SET ON PARAMETER session_replication_role`); without it the triggers check every row.
struct BulkOpen: Sendable {
    let actor: String
    let logger: Logger
    let schedules: ScheduleEngine
    /// Whether references are checked by the batch (see above) rather than by a trigger per row.
    let checksReferencesPerBatch: Bool

    /// Whether the role on `connection` may check references per batch; asked outside any transaction.
    static func mayCheckReferencesPerBatch(_ connection: PostgresConnection, logger: Logger) async -> Bool {
        (try? await connection.query("SELECT has_parameter_privilege('session_replication_role', 'SET')", logger: logger)
            .decode(Bool.self).first()) == true
    }

    /// What a batch wrote.
    struct Written: Sendable {
        /// Files opened.
        var opened = 0
        /// Positions (1-based) of rows whose child is in the core index but outside the caller's scope: nothing written.
        var hidden: [Int] = []
    }

    /// Writes `batch` on `connection` (inside the caller's transaction).
    func open(_ batch: OpeningBatch, today: CalendarDate, on connection: PostgresConnection) async throws -> Written {
        guard batch.count > 0 else { return Written() }
        guard checksReferencesPerBatch else { return try await write(batch, today: today, on: connection) }
        let districts = Set(batch.residences).union(batch.hukous)
        let locked = try await connection.query(
            "SELECT code FROM core.districts WHERE code = ANY(\(Array(districts))) FOR KEY SHARE", logger: logger
        )
        .decode(Int64.self).collect()
        if let missing = districts.subtracting(locked).min() {
            throw Problem.invalid(
                "residenceDistrict", "区划 \(missing) 在导入期间被删除, 本批未写入",
                "district \(missing) was deleted during the import; the batch was not written")
        }
        try await connection.run("SELECT set_config('session_replication_role', 'replica', true)", logger: logger)
        let written = try await write(batch, today: today, on: connection)
        try await connection.run("SELECT set_config('session_replication_role', 'origin', true)", logger: logger)
        return written
    }

    /// Two statements: the children and their files, then what hangs off each new file. (Row-level security checks a
    /// first colour, status or category against its file, which a statement cannot see while inserting it itself.)
    private func write(_ batch: OpeningBatch, today: CalendarDate, on connection: PostgresConnection) async throws -> Written {
        let separator = OpeningBatch.separator
        // The lateral look-up of an existing child is kept from being flattened into a hash join over the whole index, and
        // locks the child as a foreign-key check would. A child outside the caller's scope is not found: its row is hidden.
        var opened: (rows: [Int64], children: [UUID], births: [CalendarDate]) = ([], [], [])
        var written = Written()
        let rows = try await connection.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(batch.ciphers)::bytea[], \(batch.blindIndexes)::bytea[], \(batch.masked)::text[], \(batch.names)::text[],
                                     \(batch.sexes)::text[], \(batch.birthDates)::date[], \(batch.residences)::int8[], \(batch.hukous)::int8[],
                                     \(batch.hukouTypes)::text[], \(batch.colours)::text[], \(batch.nextVisitsDue)::date[], \(batch.nameInitials)::text[],
                                     \(batch.contacts)::text[], \(batch.contactCiphers)::bytea[])
                    WITH ORDINALITY AS i(cipher, blind_index, masked, name, sex, birth_date, residence, hukou, hukou_type, colour, next_due, initials,
                                         contacts, contacts_cipher, row)
            ), registered AS (
                INSERT INTO core.children (id_number_cipher, id_number_key, id_number_index, id_number_masked, name, sex, birth_date, residence_district, hukou_district)
                SELECT cipher, \(batch.keyID), blind_index, masked, name, sex, birth_date, residence, hukou FROM input
                ON CONFLICT (id_number_index) DO NOTHING
                RETURNING id, id_number_index
            ), resolved AS (
                SELECT i.*, COALESCE(r.id, c.id) AS child_id, COALESCE(c.name, i.name) AS core_name, COALESCE(c.birth_date, i.birth_date) AS core_birth
                FROM input i
                LEFT JOIN registered r ON r.id_number_index = i.blind_index
                LEFT JOIN LATERAL (SELECT c.id, c.name, c.birth_date FROM core.children c WHERE r.id IS NULL AND c.id_number_index = i.blind_index
                                   OFFSET 0 FOR KEY SHARE) c ON true
            ), opened AS (
                INSERT INTO registry.files (child_id, residence_district, hukou_district, responsible_district, birth_date, name, hukou_type, risk_colour,
                                            next_visit_due, name_initials, contacts, contacts_cipher, contacts_key)
                SELECT child_id, residence, hukou, residence, core_birth, core_name, NULLIF(hukou_type, ''), colour, next_due,
                       COALESCE(string_to_array(NULLIF(initials, ''), \(separator)), '{}'), contacts::jsonb, NULLIF(contacts_cipher, ''::bytea),
                       CASE WHEN contacts_cipher <> ''::bytea THEN \(batch.keyID) END
                FROM resolved WHERE child_id IS NOT NULL
                ON CONFLICT (child_id) DO NOTHING
                RETURNING child_id
            )
            SELECT r.row, o.child_id, r.core_birth FROM opened o JOIN resolved r USING (child_id)
            UNION ALL SELECT row, NULL, NULL FROM resolved WHERE child_id IS NULL
            """, logger: logger
        ).decode((Int64, UUID?, CalendarDate?).self)
        for try await (row, child, birth) in rows {
            guard let child, let birth else {
                written.hidden.append(Int(row))
                continue
            }
            opened.rows.append(row)
            opened.children.append(child)
            opened.births.append(birth)
        }
        written.opened = opened.rows.count
        guard written.opened > 0 else { return written }
        try await connection.run(
            """
            WITH new_files AS (
                SELECT n.row, n.child_id, n.birth, i.colour, i.residence, i.hukou, i.categories
                FROM unnest(\(opened.rows)::int8[], \(opened.children)::uuid[], \(opened.births)) AS n(row, child_id, birth)
                JOIN unnest(\(batch.colours)::text[], \(batch.residences)::int8[], \(batch.hukous)::int8[], \(batch.categoryLists)::text[])
                     WITH ORDINALITY AS i(colour, residence, hukou, categories, row) USING (row)
            ), colours AS (
                INSERT INTO registry.risk_changes (child_id, colour, reason, status, requested_by)
                SELECT child_id, colour, '建档', 'effective', \(actor) FROM new_files
            ), parents AS (
                INSERT INTO registry.parent_statuses (child_id, parent, condition, since, recorded_by)
                SELECT f.child_id, p.parent, p.condition, p.since, \(actor)
                FROM unnest(\(batch.parentRows)::int8[], \(batch.parents)::text[], \(batch.conditions)::text[], \(batch.conditionsSince)::date[]) AS p(row, parent, condition, since)
                JOIN new_files f USING (row)
            ), derived AS (
                INSERT INTO registry.categories (child_id, category, starts, source, rule, facts, recorded_by)
                SELECT f.child_id, k.category, \(today.description)::date, 'derived', k.rule, string_to_array(k.facts, \(separator)), \(actor)
                FROM unnest(\(batch.categoryRows)::int8[], \(batch.categories)::text[], \(batch.rules)::text[], \(batch.facts)::text[]) AS k(row, category, rule, facts)
                JOIN new_files f USING (row)
            )
            INSERT INTO core.events (topic, payload, child_id, district)
            SELECT \(RegistryTopics.fileOpened.name), jsonb_build_object('child', upper(child_id::text), 'residenceDistrict', residence::text, 'hukouDistrict', hukou::text,
                                                                   'birthDate', birth::text, 'categories', to_jsonb(string_to_array(categories, \(separator)))),
                   child_id, residence
            FROM new_files
            """, logger: logger)
        try await connection.run("SELECT pg_notify(\(EventPublisher.channel), \(RegistryTopics.fileOpened.name))", logger: logger)
        try await planFirstVisits(batch, rows: opened.rows, children: opened.children, today: today, on: connection)
        return written
    }

    /// The new files' first visits through the schedule engine, one sync per cadence (residences sharing a risk scheme
    /// share one). The batch's `next_visit_due` is the same planner's due day for the same cadence, so the projection
    /// already holds it.
    private func planFirstVisits(
        _ batch: OpeningBatch, rows: [Int64], children: [UUID], today: CalendarDate, on connection: PostgresConnection
    )
        async throws
    {
        var groups: [(cadence: ScheduleDeclaration, subjects: [ScheduleSubject])] = []
        for (row, child) in zip(rows, children) {
            let index = Int(row) - 1
            guard batch.visitCadences.indices.contains(index), let district = DistrictCode(value: batch.residences[index]) else { continue }
            let cadence = batch.visitCadences[index]
            let colour = RiskColour(rawValue: batch.colours[index]) ?? .green
            let subject = VisitCadence.subject(
                child: child, district: district, hukou: DistrictCode(value: batch.hukous[index]), opened: today, colour: colour)
            if let group = groups.firstIndex(where: { $0.cadence == cadence }) {
                groups[group].subjects.append(subject)
            } else {
                groups.append((cadence, [subject]))
            }
        }
        for group in groups { try await schedules.sync(group.cadence, group.subjects, on: connection) }
    }
}
