import Contract

extension RegistrySchema {
    /// 走访周期 on the schedule engine: every living file gets its visit items in `core.schedule_items` (schedule
    /// `registry.visits`, subject `registry.file:<child>`, filed under the residence district): a visited file its last
    /// counted visit as occurrence 1 done and occurrence 2 planned on its `next_visit_due`, a file never visited
    /// occurrence 1 planned on it. Due by the end of the due day in China (midnight UTC+8, as `ScheduleTime` counts).
    /// Idempotent: a file that already has the item keeps it. An accepted transfer now moves the items with the file.
    static let visitSchedule = Migration(
        9, "visit cadence on the schedule engine: back-fill each file's visit items",
        """
        WITH f AS (
            SELECT child_id, residence_district, last_visit_on, next_visit_due, 'registry.file:' || child_id::text AS subject
            FROM registry.files
            WHERE NOT deceased AND isfinite(next_visit_due) AND (last_visit_on IS NULL OR isfinite(last_visit_on))
        ), wanted AS (
            SELECT subject, child_id, residence_district, 1 AS occurrence, last_visit_on AS due, 'done' AS state,
                   to_timestamp((last_visit_on - date '1970-01-01')::float8 * 86400 - 28800) AS closed_at
            FROM f WHERE last_visit_on IS NOT NULL
            UNION ALL
            SELECT subject, child_id, residence_district, CASE WHEN last_visit_on IS NULL THEN 1 ELSE 2 END, next_visit_due, 'planned', NULL
            FROM f
        )
        INSERT INTO core.schedule_items (schedule, version, read_permission, subject, item, occurrence, required, child_id, district,
                                         due_from, due_by, expires, state, closed_at)
        SELECT 'registry.visits', 1, 'registry.child.read', subject, 'visit', occurrence, true, child_id, residence_district,
               to_timestamp((due - date '1970-01-01')::float8 * 86400 - 28800),
               to_timestamp((due + 1 - date '1970-01-01')::float8 * 86400 - 28800),
               to_timestamp((due + 1 - date '1970-01-01')::float8 * 86400 - 28800), state, closed_at
        FROM wanted
        ON CONFLICT (subject, schedule, item, occurrence) DO NOTHING;

        -- An accepted transfer files the child's visit items under the new residence, as the file is.
        CREATE OR REPLACE FUNCTION registry.accept_transfer(transfer bigint, actor text, note text) RETURNS uuid
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE moved registry.transfers;
        BEGIN
            UPDATE registry.transfers SET status = 'accepted', decided_by = actor, decided_at = now(), decision_note = note
            WHERE id = transfer AND status = 'proposed' AND to_district <@ core.scope()
            RETURNING * INTO moved;
            IF NOT FOUND THEN RETURN NULL; END IF;
            UPDATE registry.files SET residence_district = moved.to_district, responsible_district = moved.to_district, updated_at = now()
            WHERE child_id = moved.child_id;
            UPDATE core.children SET residence_district = moved.to_district WHERE id = moved.child_id;
            UPDATE core.schedule_items SET district = moved.to_district, updated_at = now()
            WHERE subject = 'registry.file:' || moved.child_id::text AND schedule = 'registry.visits';
            UPDATE core.schedule_exits SET district = moved.to_district WHERE subject = 'registry.file:' || moved.child_id::text;
            RETURN moved.child_id;
        END $$;
        """)
}
