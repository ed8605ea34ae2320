extension CoreSchema {
    /// Migration 10: 儿童状态 — the feed every programme publishes a child's status into (`ChildStatusFeed`), read by the
    /// registry's file. One current row per (child, programme, code): a programme may hold several facts about a child
    /// at once, each replaced or cleared on its own; a cleared row keeps `cleared_at` and stays as history.
    ///
    /// Row-level security: a status is seen by whoever sees the child in the children index (residence or household
    /// registration in scope), and by the staff of the district it was filed under, who may publish about a child of
    /// another county (a school's pupil living elsewhere).
    static let childStatuses = Migration(
        10, "child statuses published by every programme",
        """
        CREATE TABLE core.child_statuses (
            id bigserial PRIMARY KEY,
            child_id uuid NOT NULL REFERENCES core.children (id),
            programme text NOT NULL CHECK (programme ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
            code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
            title_zh text NOT NULL CHECK (title_zh <> ''),
            title_en text NOT NULL CHECK (title_en <> ''),
            since date NOT NULL,
            until date,
            severity text NOT NULL CHECK (severity IN ('info', 'warning', 'urgent')),
            link text,
            district bigint NOT NULL,
            set_at timestamptz NOT NULL DEFAULT now(),
            cleared_at timestamptz
        );
        CREATE UNIQUE INDEX child_statuses_current ON core.child_statuses (child_id, programme, code) WHERE cleared_at IS NULL;
        ALTER TABLE core.child_statuses ENABLE ROW LEVEL SECURITY;
        CREATE POLICY child_statuses_in_scope ON core.child_statuses
            USING (district <@ (SELECT core.scope()) OR EXISTS (SELECT 1 FROM core.children c WHERE c.id = child_statuses.child_id))
            WITH CHECK (district <@ (SELECT core.scope()) OR EXISTS (SELECT 1 FROM core.children c WHERE c.id = child_statuses.child_id));
        GRANT SELECT, INSERT, UPDATE ON core.child_statuses TO tonghu_app;
        GRANT USAGE ON SEQUENCE core.child_statuses_id_seq TO tonghu_app;
        """)
}
