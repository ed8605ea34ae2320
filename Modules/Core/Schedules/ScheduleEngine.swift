import Database
import Districts
import Foundation
import Logging
import PostgresNIO
import Vocabulary

extension ScheduleItemState: PostgresTextEnum {}

/// 日程引擎 — plans, completes, skips and cancels a subject's items in `core.schedule_items`, always on the caller's
/// connection, so a programme plans in the same transaction as the write that causes it (a birth recorded, a child
/// exited). The transaction's scope must hold the subject's district (row-level security).
///
/// Idempotent: `sync` after an edit, a back-dated entry, a replayed import or a sync from elsewhere changes only rows
/// still open (`planned`, `before-joining`) and never touches a done, skipped or cancelled one; an unchanged plan
/// writes nothing.
public struct ScheduleEngine: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// What one `sync` wrote.
    public struct SyncResult: Sendable, Equatable {
        /// Rows inserted or re-planned.
        public var written = 0
        /// Open rows no longer wanted (an item removed by a newer version, a prerequisite undone) and deleted.
        public var removed = 0

        public init(written: Int = 0, removed: Int = 0) {
            self.written = written
            self.removed = removed
        }
    }

    /// Plans `subject`'s items of `declaration` and stores them. A subject with an active exit gets nothing planned.
    @discardableResult
    public func sync(_ declaration: ScheduleDeclaration, _ subject: ScheduleSubject, on connection: PostgresConnection) async throws
        -> SyncResult
    {
        try await sync(declaration, [subject], on: connection)
    }

    /// `sync` for many subjects at once (an import, a cohort): one read and one write per call. At most one subject per id.
    @discardableResult
    public func sync(_ declaration: ScheduleDeclaration, _ subjects: [ScheduleSubject], on connection: PostgresConnection) async throws
        -> SyncResult
    {
        guard !subjects.isEmpty else { return SyncResult() }
        let ids = subjects.map(\.id)
        let exited = Set(
            try await connection.query(
                "SELECT subject FROM core.schedule_exits WHERE subject = ANY(\(ids)) AND undone_at IS NULL", logger: logger
            ).decode(String.self).collect())
        var recorded: [String: [StoredItem]] = [:]
        let rows = try await connection.query(
            """
            SELECT id, subject, item, occurrence, state, closed_at, version, item_group, required, read_permission, child_id, district,
                   hukou_district, due_from, due_by, expires, skip_reason, restarted_at
            FROM core.schedule_items WHERE subject = ANY(\(ids)) AND schedule = \(declaration.id)
            """, logger: logger)
        for try await row in rows.decode(StoredItem.Row.self) {
            let stored = StoredItem(row)
            recorded[stored.subject, default: []].append(stored)
        }
        var batch = UpsertBatch()
        var stale: [UUID] = []
        for subject in subjects where !exited.contains(subject.id) {
            let existing = recorded[subject.id] ?? []
            let plan = SchedulePlanner.plan(declaration, for: subject, recorded: existing.map(\.recorded))
            var wanted = Set<String>()
            for item in plan {
                wanted.insert("\(item.item)#\(item.occurrence)")
                let current = existing.first { $0.item == item.item && $0.occurrence == item.occurrence }
                if let current, !current.isOpen || current.matches(item, declaration, subject) { continue }
                batch.append(item, subject)
            }
            stale += existing.filter { $0.isOpen && !wanted.contains("\($0.item)#\($0.occurrence)") }.map(\.id)
        }
        var result = SyncResult()
        if !stale.isEmpty {
            result.removed = try await connection.query(
                "DELETE FROM core.schedule_items WHERE id = ANY(\(stale)) AND state IN ('planned', 'before-joining') RETURNING 1",
                logger: logger
            ).decode(Int.self).collect().count
        }
        if !batch.subjects.isEmpty {
            try await connection.run(batch.query(declaration), logger: logger)
            result.written = batch.subjects.count
        }
        return result
    }

    /// Records `item` done at `at` for `subject` (its open occurrence), then re-plans (the next occurrence of a
    /// recurring item, the items it is a prerequisite of). Replaying the same completion changes nothing.
    ///
    /// - Throws: `Problem` 409 when the subject has exited or the item is not open (prerequisites not done, already
    ///   closed and not recurring), 422 for an unknown item.
    public func complete(
        _ item: String, of declaration: ScheduleDeclaration, for subject: ScheduleSubject, at: Date, on connection: PostgresConnection
    ) async throws {
        try await close(item, of: declaration, for: subject, as: .done, at: at, reason: nil, on: connection)
    }

    /// Records `item` skipped with `reason` (a required item then no longer holds its group open), then re-plans.
    ///
    /// - Throws: `Problem` 422 for a blank reason, otherwise as ``complete(_:of:for:at:on:)``.
    public func skip(
        _ item: String, of declaration: ScheduleDeclaration, for subject: ScheduleSubject, reason: String, at: Date,
        on connection: PostgresConnection
    ) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Problem.invalid("reason", "跳过须注明理由", "a skip needs a reason") }
        try await close(item, of: declaration, for: subject, as: .skipped, at: at, reason: reason, on: connection)
    }

    private func close(
        _ item: String, of declaration: ScheduleDeclaration, for subject: ScheduleSubject, as state: ScheduleItemState, at: Date,
        reason: String?, on connection: PostgresConnection
    ) async throws {
        guard declaration.items.contains(where: { $0.key == item }) else {
            throw Problem.invalid("item", "\(declaration.id) 没有日程项 \(item)", "\(declaration.id) has no item \(item)")
        }
        let replayed = try await connection.query(
            """
            SELECT 1 FROM core.schedule_items WHERE subject = \(subject.id) AND schedule = \(declaration.id) AND item = \(item)
              AND state = \(state.rawValue) AND closed_at = \(at)
            """, logger: logger
        ).decode(Int.self).first()
        if replayed != nil { return }
        try await sync(declaration, subject, on: connection)
        let closed = try await connection.query(
            """
            UPDATE core.schedule_items SET state = \(state.rawValue), closed_at = \(at), skip_reason = \(reason), updated_at = now()
            WHERE subject = \(subject.id) AND schedule = \(declaration.id) AND item = \(item) AND state IN ('planned', 'before-joining')
            RETURNING occurrence
            """, logger: logger
        ).decode(Int.self).collect()
        guard !closed.isEmpty else {
            throw Problem.stateConflict(
                "\(item) 当前没有待办的一次 (已完成、已退出或前置项未完成)",
                "\(item) has no open occurrence (closed, exited, or its prerequisites are not done)")
        }
        try await sync(declaration, subject, on: connection)
    }

    /// 重新计时 — an event restarts the wait of `item`'s open occurrence (a recurring item): it is due one interval,
    /// chosen by the subject's facts, after `at` instead of after the last completion, and stays so when re-planned.
    /// The same restart again changes nothing.
    ///
    /// - Throws: `Problem` 422 for an unknown or non-recurring item, 409 when no occurrence is open (exited, closed).
    public func restart(
        _ item: String, of declaration: ScheduleDeclaration, for subject: ScheduleSubject, at: Date, on connection: PostgresConnection
    ) async throws {
        guard declaration.items.contains(where: { $0.key == item && $0.recurrence != nil }) else {
            throw Problem.invalid("item", "\(declaration.id) 没有周期性日程项 \(item)", "\(declaration.id) has no recurring item \(item)")
        }
        try await sync(declaration, subject, on: connection)
        let restarted = try await connection.query(
            """
            UPDATE core.schedule_items SET restarted_at = \(at), updated_at = now()
            WHERE subject = \(subject.id) AND schedule = \(declaration.id) AND item = \(item) AND state IN ('planned', 'before-joining')
            RETURNING 1
            """, logger: logger
        ).decode(Int.self).collect()
        guard !restarted.isEmpty else {
            throw Problem.stateConflict("\(item) 当前没有待办的一次 (已完成或已退出)", "\(item) has no open occurrence (closed or exited)")
        }
        try await sync(declaration, subject, on: connection)
    }

    /// 退出 — the subject leaves (death, transfer out, age-out): every open item of every schedule is cancelled by this
    /// exit, in the caller's transaction, and nothing is planned for the subject until the exit is undone. Returns the
    /// exit's id. The exit is filed under the subject's district and household-registration district, as its items are.
    ///
    /// - Throws: `Problem` 409 when the subject already has an active exit, 422 for a blank reason.
    public func exit(
        _ subject: String, district: DistrictCode, hukou: DistrictCode? = nil, reason: String, at: Date, on connection: PostgresConnection
    ) async throws -> UUID {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Problem.invalid("reason", "退出须注明原因", "an exit needs a reason") }
        let exit: UUID
        do {
            exit = try await connection.query(
                """
                INSERT INTO core.schedule_exits (subject, district, hukou_district, reason, exited_at)
                VALUES (\(subject), \(district.value), \(hukou == district ? nil : hukou?.value), \(reason), \(at)) RETURNING id
                """, logger: logger
            ).decode(UUID.self).single("schedule exit")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw Problem.conflict("该对象已退出, 请先撤销上次退出", "the subject has already exited", field: "subject")
        }
        try await connection.run(
            """
            UPDATE core.schedule_items SET state = 'cancelled', cancelled_by = \(exit), updated_at = now()
            WHERE subject = \(subject) AND state = 'planned'
            """, logger: logger)
        return exit
    }

    /// Undoes an exit recorded in error: only the items that exit cancelled are open again (sync afterwards moves
    /// their windows if the subject changed). Returns how many were restored.
    ///
    /// - Throws: `Problem` 409 when the exit is unknown or already undone.
    @discardableResult
    public func undoExit(_ exit: UUID, at: Date, on connection: PostgresConnection) async throws -> Int {
        let undone = try await connection.query(
            "UPDATE core.schedule_exits SET undone_at = \(at) WHERE id = \(exit) AND undone_at IS NULL RETURNING 1", logger: logger
        ).decode(Int.self).first()
        guard undone != nil else { throw Problem.stateConflict("没有这次生效中的退出", "no active exit with this id") }
        return try await connection.query(
            """
            UPDATE core.schedule_items SET state = 'planned', cancelled_by = NULL, updated_at = now()
            WHERE cancelled_by = \(exit) AND state = 'cancelled' RETURNING 1
            """, logger: logger
        ).decode(Int.self).collect().count
    }

    /// Every stored item of `subject` in `schedule`, by item and occurrence.
    public func items(of subject: String, in schedule: String, on connection: PostgresConnection) async throws -> [ScheduledItem] {
        let rows = try await connection.query(
            """
            SELECT id, schedule, item, occurrence, item_group, required, subject, child_id, district, due_from, due_by, expires,
                   state, closed_at, skip_reason
            FROM core.schedule_items WHERE subject = \(subject) AND schedule = \(schedule) ORDER BY item, occurrence
            """, logger: logger)
        return try await rows.decode(ScheduledItem.Row.self).collect().map(ScheduledItem.init)
    }

    /// Whether each group of `declaration` is still due for `subject`.
    public func groups(of declaration: ScheduleDeclaration, for subject: String, on connection: PostgresConnection) async throws
        -> [ScheduleGroupStatus]
    {
        let recorded = try await items(of: subject, in: declaration.id, on: connection).map {
            RecordedItem(item: $0.item, occurrence: $0.occurrence, state: $0.state, closedAt: $0.closedAt)
        }
        return SchedulePlanner.groups(declaration, recorded: recorded)
    }
}

/// A stored row as `sync` compares it with the plan.
struct StoredItem {
    typealias Row = (
        UUID, String, String, Int, ScheduleItemState, Date?, Int, String?, Bool, String, UUID?, Int64, Int64?, Date, Date, Date, String?,
        Date?
    )
    let id: UUID
    let subject: String
    let item: String
    let occurrence: Int
    let state: ScheduleItemState
    let closedAt: Date?
    let version: Int
    let group: String?
    let required: Bool
    let readPermission: String
    let child: UUID?
    let district: Int64
    let hukou: Int64?
    let dueFrom: Date
    let dueBy: Date
    let expires: Date
    let skipReason: String?
    let restartedAt: Date?

    init(_ row: Row) {
        (
            id, subject, item, occurrence, state, closedAt, version, group, required, readPermission, child, district, hukou, dueFrom,
            dueBy, expires, skipReason, restartedAt
        ) = row
    }

    var recorded: RecordedItem {
        RecordedItem(item: item, occurrence: occurrence, state: state, closedAt: closedAt, restartedAt: restartedAt)
    }

    /// Open rows are the engine's to re-plan; done, skipped and cancelled ones are history.
    var isOpen: Bool { state == .planned || state == .beforeJoining }

    func matches(_ planned: PlannedItem, _ declaration: ScheduleDeclaration, _ subject: ScheduleSubject) -> Bool {
        state == planned.state && dueFrom == planned.dueFrom && dueBy == planned.dueBy && expires == planned.expires
            && skipReason == planned.skipReason && group == planned.group && required == planned.required
            && version == declaration.version && readPermission == declaration.readPermission && child == subject.child
            && district == subject.district.value && hukou == subject.hukou?.value
    }
}

/// The columns of one multi-row upsert, bound as arrays and unnested by the server.
struct UpsertBatch {
    var subjects: [String] = []
    var items: [String] = []
    var occurrences: [Int] = []
    var groups: [String] = []
    var required: [Bool] = []
    var children: [String] = []
    var districts: [Int64] = []
    /// 0 where the subject has no household-registration district apart from `districts`.
    var hukous: [Int64] = []
    var dueFrom: [Date] = []
    var dueBy: [Date] = []
    var expires: [Date] = []
    var states: [String] = []
    var reasons: [String] = []

    mutating func append(_ item: PlannedItem, _ subject: ScheduleSubject) {
        subjects.append(subject.id)
        items.append(item.item)
        occurrences.append(item.occurrence)
        groups.append(item.group ?? "")
        required.append(item.required)
        children.append(subject.child?.uuidString ?? "")
        districts.append(subject.district.value)
        hukous.append(subject.hukou?.value ?? 0)
        dueFrom.append(item.dueFrom)
        dueBy.append(item.dueBy)
        expires.append(item.expires)
        states.append(item.state.rawValue)
        reasons.append(item.skipReason ?? "")
    }

    /// Inserts new rows and re-plans open ones; the `WHERE` of the update keeps done, skipped and cancelled rows as
    /// they are even when a concurrent writer closed one after this sync read it.
    func query(_ declaration: ScheduleDeclaration) -> PostgresQuery {
        """
        INSERT INTO core.schedule_items AS t (schedule, version, read_permission, subject, item, occurrence, item_group, required, child_id,
                                              district, hukou_district, due_from, due_by, expires, state, skip_reason)
        SELECT \(declaration.id), \(declaration.version), \(declaration.readPermission), s, i, o, NULLIF(g, ''), r, NULLIF(c, '')::uuid,
               d, NULLIF(h, 0), f, b, e, st, NULLIF(sr, '')
        FROM unnest(\(subjects)::text[], \(items)::text[], \(occurrences)::int8[], \(groups)::text[], \(required)::bool[],
                    \(children)::text[], \(districts)::int8[], \(hukous)::int8[], \(dueFrom)::timestamptz[], \(dueBy)::timestamptz[],
                    \(expires)::timestamptz[], \(states)::text[], \(reasons)::text[]) AS u(s, i, o, g, r, c, d, h, f, b, e, st, sr)
        ON CONFLICT (subject, schedule, item, occurrence) DO UPDATE SET
            version = EXCLUDED.version, read_permission = EXCLUDED.read_permission, item_group = EXCLUDED.item_group,
            required = EXCLUDED.required, child_id = EXCLUDED.child_id, district = EXCLUDED.district,
            hukou_district = EXCLUDED.hukou_district, due_from = EXCLUDED.due_from,
            due_by = EXCLUDED.due_by, expires = EXCLUDED.expires, state = EXCLUDED.state, skip_reason = EXCLUDED.skip_reason,
            updated_at = now()
        WHERE t.state IN ('planned', 'before-joining')
        """
    }
}

/// One stored item as callers read it.
public struct ScheduledItem: Sendable, Hashable, Codable {
    typealias Row = (
        UUID, String, String, Int, String?, Bool, String, UUID?, Int64, Date, Date, Date, ScheduleItemState, Date?, String?
    )
    public let id: UUID
    public let schedule: String
    public let item: String
    public let occurrence: Int
    public let group: String?
    public let required: Bool
    public let subject: String
    public let child: UUID?
    public let district: Int64
    public let dueFrom: Date
    public let dueBy: Date
    public let expires: Date
    public let state: ScheduleItemState
    public let closedAt: Date?
    public let skipReason: String?

    init(_ row: Row) {
        (
            id, schedule, item, occurrence, group, required, subject, child, district, dueFrom, dueBy, expires, state, closedAt,
            skipReason
        ) = row
    }

    /// Where the item stands at `now` when it is open; `nil` once closed.
    public func status(at now: Date) -> ScheduleItemStatus? {
        state == .planned ? ScheduleItemStatus(dueFrom: dueFrom, dueBy: dueBy, expires: expires, at: now) : nil
    }
}
