import Contract

extension DropoutSchema {
    /// The comparison planned as the hand-written anti-join is. The planner has no statistics for a district tested
    /// against the caller's scope (`<@ int8multirange`) and guessed that test kept one watched child in two hundred,
    /// so it chose a million index probes of the enrolments over one parallel hash anti-join. The anti-join now runs
    /// fenced (`OFFSET 0`) over the requested subtree alone, and the scope is tested on the children it returns.
    static let comparisonPlan = Migration(
        2, "comparison: the anti-join planned without the scope test",
        """
        CREATE OR REPLACE FUNCTION dropout_control.out_of_school_children(snap bigint, lo bigint, hi bigint, born_after date, born_by date)
            RETURNS TABLE (child_id uuid, residence_district bigint, hukou_district bigint, birth_date date, groups text[])
            LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
            RETURN QUERY EXECUTE format('SELECT * FROM (
                    SELECT w.child_id, w.residence_district, w.hukou_district, w.birth_date, w.groups
                    FROM dropout_control.watch w
                    WHERE w.residence_district BETWEEN %s AND %s AND w.birth_date > %L::date AND w.birth_date <= %L::date
                      AND NOT EXISTS (SELECT 1 FROM dropout_control.enrolments e WHERE e.snapshot = %s AND e.id_index = w.id_index)
                    OFFSET 0) w
                WHERE w.residence_district <@ %L::int8multirange OR w.hukou_district <@ %L::int8multirange',
                lo, hi, born_after, born_by, snap, core.scope(), core.scope());
        END $$;
        """)
}

extension DropoutSchema {
    /// The ledger rows a comparison writes (tens of thousands in a county) are checked against the caller's scope read
    /// once per statement, not parsed again for every row; the watch list is read the same way.
    static let scopeOnce = Migration(
        3, "watch list and ledger: scope read once per statement",
        """
        ALTER POLICY out_of_school_in_scope ON dropout_control.out_of_school
            USING (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()))
            WITH CHECK (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()));
        ALTER POLICY watch_in_scope ON dropout_control.watch
            USING (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()))
            WITH CHECK (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()));
        """)
}
