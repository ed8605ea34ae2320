import Contract

/// The registry's former copy of a child's schooling state (就学状态), kept from the dropout-control programme's events
/// until dropout control published it into the core's child-status feed itself.
enum SchoolingSchema {
    static let migrations = [
        Migration(
            4, "schooling state from dropout-control events",
            """
            CREATE TABLE registry.schooling (
                child_id uuid PRIMARY KEY REFERENCES registry.files (child_id),
                state text NOT NULL CHECK (state IN ('dropout', 'returned', 'closed')),
                case_id uuid NOT NULL,
                since date NOT NULL,
                follow_up_until date,
                closure_reason text,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            ALTER TABLE registry.schooling ENABLE ROW LEVEL SECURITY;
            CREATE POLICY schooling_via_file ON registry.schooling
                USING (child_id IN (SELECT child_id FROM registry.files)) WITH CHECK (child_id IN (SELECT child_id FROM registry.files));
            GRANT SELECT, INSERT, UPDATE ON registry.schooling TO tonghu_app;
            """),
        Migration(
            7, "schooling state moved to the core child-status feed",
            """
            -- What the registry knew moves into core.child_statuses under the codes dropout control now publishes: a case
            -- under persuasion (dropout) and a return being followed up (returned) are current; a closed case is history.
            INSERT INTO core.child_statuses (child_id, programme, code, title_zh, title_en, since, until, severity, link, district, set_at, cleared_at)
            SELECT s.child_id, 'dropout-control',
                   CASE s.state WHEN 'dropout' THEN 'dropout' WHEN 'returned' THEN 'returned' ELSE 'closed' END,
                   CASE s.state WHEN 'dropout' THEN '辍学劝返中' WHEN 'returned' THEN '已复学, 跟踪中' ELSE '已销号: ' || COALESCE(s.closure_reason, '') END,
                   CASE s.state WHEN 'dropout' THEN 'Out of school, being persuaded back' WHEN 'returned' THEN 'Back at school, followed up'
                       ELSE 'Case closed: ' || COALESCE(s.closure_reason, '') END,
                   s.since, s.follow_up_until, CASE s.state WHEN 'dropout' THEN 'warning' ELSE 'info' END,
                   '/api/v1/dropout-control/cases/' || upper(s.case_id::text), f.residence_district, s.updated_at,
                   CASE WHEN s.state = 'closed' THEN s.updated_at END
            FROM registry.schooling s JOIN registry.files f ON f.child_id = s.child_id;
            DELETE FROM core.event_subscriptions WHERE subscriber = 'registry.schooling';
            DROP TABLE registry.schooling;
            """)
    ]
}
