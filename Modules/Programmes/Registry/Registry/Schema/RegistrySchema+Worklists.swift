import Contract

extension RegistrySchema {
    /// Work lists at county scale (issue 3's benchmark: 100,000 children, 1.2 million visits). Row-level security reads
    /// the caller's scope once per statement (`(SELECT core.scope())` is an init plan, not a per-row parse of the
    /// setting), and the tables reached through a file test that file by its key (`EXISTS`) instead of hashing every
    /// file in scope; the overdue index serves the list in due order and the counts without touching the table.
    static let worklistMigrations = [
        Migration(3, "work lists: scope read once per statement, overdue index", """
            CREATE INDEX files_overdue ON registry.files (next_visit_due, child_id) INCLUDE (residence_district, hukou_district);
            ALTER POLICY files_in_scope ON registry.files
                USING (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()))
                WITH CHECK (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()));
            DO $$
            DECLARE t text;
            BEGIN
                FOREACH t IN ARRAY ARRAY['parent_statuses', 'categories', 'visits', 'risk_changes', 'exit_reviews', 'care_agreements'] LOOP
                    EXECUTE format('ALTER POLICY %I ON registry.%I USING (EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = %I.child_id)) '
                                   'WITH CHECK (EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = %I.child_id))', t || '_via_file', t, t, t);
                END LOOP;
            END $$;
            """),
    ]
}
