import Contract

/// The registry's copy of a child's schooling state, kept from the dropout-control programme's events (version 4;
/// versions 2 and 3 belong to other registry changes). Read through the file, like the file's other tables.
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
            """)
    ]
}
