extension CoreSchema {
    /// Migration 14: 通知 — the inbox of notices per recipient user (`Notices`).
    ///
    /// One row per recipient and level of a rule's notice; the dedupe key makes raising the same notice twice (a
    /// replayed sweep, two gateways) create one. Row-level security: a user reads and marks only their own notices
    /// (`tonghu.user`, which the inbox's transactions set); the escalation sweep reads every notice (`tonghu.notices` =
    /// `sweep`, set only by the sweep). Notices are written only through `core.insert_notices`, which answers the rows
    /// it created (a conflict answers nothing), so a raise by one user for another never needs to read the row back.
    static let notifications = Migration(
        14, "notices per recipient",
        """
        CREATE TABLE core.notices (
            id uuid PRIMARY KEY DEFAULT core.uuid_v7(),
            recipient uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
            rule text NOT NULL CHECK (rule ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z0-9.-]+$'),
            dedupe_key text NOT NULL CHECK (dedupe_key <> ''),
            level smallint NOT NULL CHECK (level >= 0),
            recipient_district bigint NOT NULL,
            title_zh text NOT NULL CHECK (title_zh <> ''),
            title_en text NOT NULL CHECK (title_en <> ''),
            text_zh text NOT NULL,
            text_en text NOT NULL,
            programme text NOT NULL,
            subject_kind text NOT NULL,
            subject_id text NOT NULL,
            district bigint NOT NULL,
            created_at timestamptz NOT NULL,
            read_at timestamptz,
            acknowledged_at timestamptz,
            escalated_at timestamptz,
            UNIQUE (rule, dedupe_key, level, recipient)
        );
        CREATE INDEX notices_inbox ON core.notices (recipient, id);
        CREATE INDEX notices_open ON core.notices (rule, created_at) WHERE escalated_at IS NULL AND acknowledged_at IS NULL;
        ALTER TABLE core.notices ENABLE ROW LEVEL SECURITY;
        CREATE FUNCTION core.notice_reader() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
            $$ SELECT NULLIF(current_setting('tonghu.user', true), '')::uuid $$;
        CREATE POLICY notices_own ON core.notices FOR SELECT
            USING (recipient = (SELECT core.notice_reader()) OR (SELECT current_setting('tonghu.notices', true)) = 'sweep');
        CREATE POLICY notices_own_update ON core.notices FOR UPDATE
            USING (recipient = (SELECT core.notice_reader()) OR (SELECT current_setting('tonghu.notices', true)) = 'sweep')
            WITH CHECK (recipient = (SELECT core.notice_reader()) OR (SELECT current_setting('tonghu.notices', true)) = 'sweep');
        GRANT SELECT ON core.notices TO tonghu_app;
        GRANT UPDATE (read_at, acknowledged_at, escalated_at) ON core.notices TO tonghu_app;

        CREATE FUNCTION core.insert_notices(
            recipients uuid[], rule text, dedupe_key text, level smallint, recipient_district bigint, title_zh text, title_en text,
            text_zh text, text_en text, programme text, subject_kind text, subject_id text, district bigint, created_at timestamptz)
            RETURNS TABLE (notice uuid, notice_recipient uuid)
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
            INSERT INTO core.notices (recipient, rule, dedupe_key, level, recipient_district, title_zh, title_en, text_zh, text_en,
                                      programme, subject_kind, subject_id, district, created_at)
            SELECT r, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM unnest($1) AS r
            ON CONFLICT (rule, dedupe_key, level, recipient) DO NOTHING
            RETURNING id, recipient
        $$;
        REVOKE ALL ON FUNCTION core.insert_notices(uuid[], text, text, smallint, bigint, text, text, text, text, text, text, text, bigint, timestamptz) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION core.insert_notices(uuid[], text, text, smallint, bigint, text, text, text, text, text, text, text, bigint, timestamptz) TO tonghu_app;
        """)
}
