import Contract

/// The programme's own tables, schema `health_screening`: every migration, in order, is listed here and nowhere else.
/// Never edit one that has been applied (the runner compares checksums): add the next.
enum HealthScreeningSchema {
    static let migrations = [notes]

    /// Notes are under row-level security on their district: a caller reads and writes only inside their scope.
    static let notes = Migration(
        1, "notes",
        """
        CREATE SCHEMA health_screening;
        GRANT USAGE ON SCHEMA health_screening TO tonghu_app;

        CREATE TABLE health_screening.notes (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            district bigint NOT NULL REFERENCES core.districts (code),
            body text NOT NULL CHECK (body <> '' AND char_length(body) <= 2000),
            written_by text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX notes_district ON health_screening.notes (district, created_at DESC);
        ALTER TABLE health_screening.notes ENABLE ROW LEVEL SECURITY;
        CREATE POLICY notes_in_scope ON health_screening.notes
            USING (district <@ core.scope())
            WITH CHECK (district <@ core.scope());
        GRANT SELECT, INSERT ON health_screening.notes TO tonghu_app;
        """)
}
