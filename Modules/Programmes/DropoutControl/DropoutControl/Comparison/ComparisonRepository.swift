import Contract
import Foundation
import PostgresNIO

/// 四查三比对 — the comparison of a district subtree's watched children with a term's enrolment snapshot, and the
/// three ledgers (三本台账) it reads: 适龄失学 (age-eligible, no enrolment record), 疑似辍学 (suspected cases),
/// 辍学 (verified cases not yet returned). Every query filters by the district subtree itself; on a caller's
/// connection row-level security narrows it further.
struct ComparisonRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    /// The three ledgers, as named in URLs.
    enum Ledger: String, CaseIterable, Sendable {
        case outOfSchool = "out-of-school"
        case suspected = "suspected-dropout"
        case dropout
    }

    struct Counts: Codable, Sendable, Equatable {
        let outOfSchool: Int
        let suspected: Int
        let dropout: Int

        enum CodingKeys: String, CodingKey {
            case outOfSchool = "out-of-school", suspected = "suspected-dropout", dropout
        }
    }

    struct Result: Encodable, Sendable {
        let id: UUID
        let district: DistrictCode
        let term: String
        let snapshot: Int64
        let cutOff: CalendarDate
        let ledgers: Counts
    }

    func currentSnapshot(_ term: Term, _ connection: PostgresConnection) async throws -> Int64? {
        try await connection.query(
            "SELECT snapshot FROM dropout_control.current_snapshots WHERE term = \(term.description)", logger: logger
        )
        .decode(Int64.self).first()
    }

    /// Runs the comparison: the age-eligible ledger is computed by one anti-join in SQL and kept under the new
    /// comparison's id; the case ledgers are counted.
    func run(district: DistrictCode, term: Term, by actor: String, today: CalendarDate, _ connection: PostgresConnection) async throws
        -> Result
    {
        guard let snapshot = try await currentSnapshot(term, connection) else {
            throw Problem.invalid(
                "term", "学期 \(term) 尚未导入学籍库快照 (tonghu dropout-control import-enrolment)", "no enrolment snapshot for \(term)")
        }
        let rule = try await context.policy.value(of: DropoutPolicy.schoolAge, in: district, on: today, on: connection)
        let window = rule.birthWindow(for: term)
        let range = district.subtree
        let id = UUID()
        try await openCasesMarkedDroppedOut(snapshot: snapshot, district: district, term: term, by: actor, today: today, connection)
        let (suspected, dropouts) = try await caseCounts(district: district, term: term, connection)
        try await connection.run(
            """
            INSERT INTO dropout_control.comparisons (id, district, district_end, term, snapshot, cut_off, out_of_school, suspected, dropouts, run_by)
            VALUES (\(id), \(district.value), \(range.upperBound), \(term.description), \(snapshot), \(rule.cutOffDate(for: term).description)::date,
                    0, \(suspected), \(dropouts), \(actor))
            """, logger: logger)
        let outOfSchool = try await connection.query(
            """
            WITH found AS (
                INSERT INTO dropout_control.out_of_school (comparison, child_id, residence_district, hukou_district, birth_date, groups)
                SELECT \(id), f.* FROM dropout_control.out_of_school_children(\(snapshot), \(range.lowerBound), \(range.upperBound),
                                                                              \(window.bornAfter.description)::date, \(window.bornBy.description)::date) f
                RETURNING 1
            ) SELECT count(*)::int FROM found
            """, logger: logger
        ).decode(Int.self).collect()[0]
        try await connection.run("UPDATE dropout_control.comparisons SET out_of_school = \(outOfSchool) WHERE id = \(id)", logger: logger)
        return Result(
            id: id, district: district, term: term.description, snapshot: snapshot, cutOff: rule.cutOffDate(for: term),
            ledgers: Counts(outOfSchool: outOfSchool, suspected: suspected, dropout: dropouts))
    }

    /// 名在人不在: opens a suspected case (source `comparison`) for each student the snapshot marks dropped out at a
    /// school in the subtree who has no open case and no case this term (one closed this term is not reopened by the
    /// same records). Returns how many were opened.
    @discardableResult
    func openCasesMarkedDroppedOut(
        snapshot: Int64, district: DistrictCode, term: Term, by actor: String, today: CalendarDate, _ connection: PostgresConnection
    ) async throws -> Int {
        let range = district.subtree
        let opened = try await connection.query(
            """
            INSERT INTO dropout_control.cases (term, id_index, child_id, name, district, residence_district, school, source, state, opened_on, opened_by)
            SELECT DISTINCT ON (e.id_index) \(term.description), e.id_index, w.child_id, e.name, e.school_district, w.residence_district,
                   e.school, 'comparison', \(CaseState.suspected.rawValue), \(today.description)::date, \(actor)
            FROM dropout_control.enrolments e LEFT JOIN dropout_control.watch w ON w.id_index = e.id_index
            WHERE e.snapshot = \(snapshot) AND e.status = \(EnrolmentStatus.droppedOut.rawValue)
              AND e.school_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
              AND NOT EXISTS (
                  SELECT 1 FROM dropout_control.cases k
                  WHERE k.id_index = e.id_index AND (k.state <> 'closed' OR k.term = \(term.description)))
            ORDER BY e.id_index, e.line
            ON CONFLICT (id_index) WHERE state <> 'closed' DO NOTHING
            RETURNING id
            """, logger: logger
        ).decode(UUID.self).collect()
        guard !opened.isEmpty else { return 0 }
        // A statement of its own: the history's row-level security looks the case up, which the insert's own
        // statement would not see.
        try await connection.run(
            """
            INSERT INTO dropout_control.case_history (case_id, state, on_date, note, recorded_by)
            SELECT id, \(CaseState.suspected.rawValue), \(today.description)::date, '学籍库状态为辍学 (四查三比对)', \(actor)
            FROM unnest(\(opened)::uuid[]) AS id
            """, logger: logger)
        return opened.count
    }

    /// Suspected and verified-not-returned cases of the term in the subtree (by responsible or residence district).
    func caseCounts(district: DistrictCode, term: Term, _ connection: PostgresConnection) async throws -> (suspected: Int, dropout: Int) {
        let range = district.subtree
        let row = try await connection.query(
            """
            SELECT count(*) FILTER (WHERE state = 'suspected')::int, count(*) FILTER (WHERE state IN ('dropout', 'reported', 'legal'))::int
            FROM dropout_control.cases
            WHERE term = \(term.description)
              AND (district BETWEEN \(range.lowerBound) AND \(range.upperBound) OR residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
            """, logger: logger
        ).decode((Int, Int).self).collect()[0]
        return row
    }

    /// The latest comparison of `term` covering `district` (run for it or for a district above it).
    func latest(covering district: DistrictCode, term: Term, _ connection: PostgresConnection) async throws -> UUID? {
        try await connection.query(
            """
            SELECT id FROM dropout_control.comparisons
            WHERE term = \(term.description) AND \(district.value) BETWEEN district AND district_end
            ORDER BY run_at DESC LIMIT 1
            """, logger: logger
        ).decode(UUID.self).first()
    }
}
