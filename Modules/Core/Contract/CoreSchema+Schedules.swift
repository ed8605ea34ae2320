extension CoreSchema {
    /// Migration 13: 日程 — the schedule engine's planned items (`Schedules.ScheduleEngine`) and the exits that cancelled
    /// them. One row per (subject, schedule, item, occurrence), so regenerating never duplicates; the engine's upsert
    /// leaves done, skipped and cancelled rows alone. Window bounds are instants: due from, due by (overdue after),
    /// expires (missed after). The open-items index leads with the county (the first six digits of the district, a
    /// stored column) and the due instant, so "overdue in a township" is one range of one county in due order.
    ///
    /// Row-level security: a row is seen and written by the staff whose scope holds its district.
    static let schedules = Migration(
        13, "schedule engine: planned items and exits",
        """
        CREATE TABLE core.schedule_exits (
            id uuid PRIMARY KEY DEFAULT core.uuid_v7(),
            subject text NOT NULL CHECK (subject <> ''),
            district bigint NOT NULL,
            reason text NOT NULL CHECK (btrim(reason) <> ''),
            exited_at timestamptz NOT NULL,
            undone_at timestamptz
        );
        CREATE UNIQUE INDEX schedule_exits_active ON core.schedule_exits (subject) WHERE undone_at IS NULL;
        CREATE TABLE core.schedule_items (
            id uuid PRIMARY KEY DEFAULT core.uuid_v7(),
            schedule text NOT NULL CHECK (schedule ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
            version integer NOT NULL CHECK (version >= 1),
            subject text NOT NULL CHECK (subject <> ''),
            item text NOT NULL CHECK (item <> ''),
            occurrence integer NOT NULL CHECK (occurrence >= 1),
            item_group text,
            required boolean NOT NULL,
            read_permission text NOT NULL,
            child_id uuid,
            district bigint NOT NULL CHECK (district BETWEEN 10000000000 AND 999999999999),
            county bigint NOT NULL GENERATED ALWAYS AS (district / 1000000) STORED,
            due_from timestamptz NOT NULL,
            due_by timestamptz NOT NULL,
            expires timestamptz NOT NULL,
            state text NOT NULL CHECK (state IN ('planned', 'done', 'skipped', 'cancelled', 'before-joining')),
            closed_at timestamptz,
            skip_reason text,
            cancelled_by uuid REFERENCES core.schedule_exits (id),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CHECK (due_from <= due_by AND due_by <= expires),
            CHECK (state <> 'skipped' OR btrim(skip_reason) <> ''),
            CHECK ((state = 'cancelled') = (cancelled_by IS NOT NULL)),
            UNIQUE (subject, schedule, item, occurrence)
        );
        CREATE INDEX schedule_items_open ON core.schedule_items (county, due_by, district, id)
            INCLUDE (due_from, expires, read_permission) WHERE state = 'planned';
        CREATE INDEX schedule_items_cancelled ON core.schedule_items (cancelled_by) WHERE cancelled_by IS NOT NULL;
        CREATE INDEX schedule_items_child ON core.schedule_items (child_id) WHERE child_id IS NOT NULL;
        ALTER TABLE core.schedule_items ENABLE ROW LEVEL SECURITY;
        CREATE POLICY schedule_items_in_scope ON core.schedule_items
            USING (district <@ (SELECT core.scope())) WITH CHECK (district <@ (SELECT core.scope()));
        ALTER TABLE core.schedule_exits ENABLE ROW LEVEL SECURITY;
        CREATE POLICY schedule_exits_in_scope ON core.schedule_exits
            USING (district <@ (SELECT core.scope())) WITH CHECK (district <@ (SELECT core.scope()));
        GRANT SELECT, INSERT, UPDATE, DELETE ON core.schedule_items TO tonghu_app;
        GRANT SELECT, INSERT, UPDATE ON core.schedule_exits TO tonghu_app;
        """)
}
