extension CoreSchema {
    /// Migration 17: 户籍地 — a schedule item (and an exit) also carries the subject's household-registration district
    /// where it differs from the district it is filed under (the residence), as a child's file is both districts'.
    /// Row-level security lets the staff of either district see and write the item, and the work list finds it for
    /// either side from its own indexes, as migrations 13 and 15 index the filed side: by county and due instant, and by
    /// window.
    ///
    /// `restarted_at`: 重新计时 — the instant an event restarted the wait of an open occurrence of a recurring item
    /// (`ScheduleEngine.restart`), which the planner counts the interval from instead of the last completion.
    ///
    /// Back-fill: every item of a child takes the child's household-registration district from the core index, and
    /// every exit its subject's.
    static let scheduleDistricts = Migration(
        17, "schedule items seen from the household-registration district too; restarted waits",
        """
        CREATE EXTENSION IF NOT EXISTS btree_gist;
        ALTER TABLE core.schedule_items
            ADD COLUMN hukou_district bigint CHECK (hukou_district BETWEEN 10000000000 AND 999999999999),
            ADD COLUMN hukou_county bigint GENERATED ALWAYS AS (hukou_district / 1000000) STORED,
            ADD COLUMN restarted_at timestamptz;
        ALTER TABLE core.schedule_exits ADD COLUMN hukou_district bigint;
        """ + scheduleDistrictsBackFill + """
            CREATE INDEX schedule_items_open_hukou ON core.schedule_items (hukou_county, due_by, hukou_district, id)
                INCLUDE (due_from, expires, read_permission) WHERE state = 'planned' AND hukou_district IS NOT NULL;
            CREATE INDEX schedule_items_window_hukou ON core.schedule_items USING gist (hukou_district, due_from, due_by, expires)
                WHERE state = 'planned' AND hukou_district IS NOT NULL;
            ALTER POLICY schedule_items_in_scope ON core.schedule_items
                USING (district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()))
                WITH CHECK (district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()));
            ALTER POLICY schedule_exits_in_scope ON core.schedule_exits
                USING (district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()))
                WITH CHECK (district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()));
            """)

    /// Migration 17's back-fill on its own; run again it changes nothing.
    static let scheduleDistrictsBackFill = """
        UPDATE core.schedule_items i SET hukou_district = c.hukou_district
        FROM core.children c WHERE c.id = i.child_id AND c.hukou_district <> i.district
          AND i.hukou_district IS DISTINCT FROM c.hukou_district;
        UPDATE core.schedule_exits e SET hukou_district = i.hukou_district
        FROM (SELECT DISTINCT ON (subject) subject, hukou_district FROM core.schedule_items
              WHERE hukou_district IS NOT NULL ORDER BY subject, updated_at DESC) i
        WHERE i.subject = e.subject AND e.hukou_district IS DISTINCT FROM i.hukou_district;

        """
}
