import Contract

extension RegistrySchema {
    /// An accepted transfer moves every visit item of the file and its exits with it (every run of its cadence, not only
    /// the first one's subject), so the receiving county may end the sending county's run and begin its own in the
    /// same transaction (`FileRepository.beginCountyRun`).
    static let transferRuns = Migration(
        10, "an accepted transfer moves every run of the file's visit cadence",
        """
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
            UPDATE core.schedule_exits SET district = moved.to_district
            WHERE subject IN (SELECT DISTINCT subject FROM core.schedule_items WHERE child_id = moved.child_id AND schedule = 'registry.visits');
            UPDATE core.schedule_items SET district = moved.to_district, updated_at = now()
            WHERE child_id = moved.child_id AND schedule = 'registry.visits';
            RETURN moved.child_id;
        END $$;
        """)
}
