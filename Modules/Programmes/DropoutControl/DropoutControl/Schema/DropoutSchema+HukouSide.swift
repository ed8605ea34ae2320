import Contract

extension DropoutSchema {
    /// 户籍 vs 学籍: the comparison finds the age-eligible children with no enrolment record who live in the compared
    /// subtree or whose household registration (户籍) is there, so a child registered in county A who lives in county B
    /// and attends no school is on both counties' out-of-school ledgers (the ledger says which side each is).
    static let hukouSide = Migration(
        6, "comparison: children of the subtree by residence or household registration",
        """
        CREATE OR REPLACE FUNCTION dropout_control.out_of_school_children(snap bigint, lo bigint, hi bigint, born_after date, born_by date)
            RETURNS TABLE (child_id uuid, residence_district bigint, hukou_district bigint, birth_date date, groups text[])
            LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
            RETURN QUERY EXECUTE format('SELECT * FROM (
                    SELECT w.child_id, w.residence_district, w.hukou_district, w.birth_date, w.groups
                    FROM dropout_control.watch w
                    WHERE (w.residence_district BETWEEN %s AND %s OR w.hukou_district BETWEEN %s AND %s)
                      AND w.birth_date > %L::date AND w.birth_date <= %L::date
                      AND NOT EXISTS (SELECT 1 FROM dropout_control.enrolments e WHERE e.snapshot = %s AND e.id_index = w.id_index)
                    OFFSET 0) w
                WHERE w.residence_district <@ %L::int8multirange OR w.hukou_district <@ %L::int8multirange',
                lo, hi, lo, hi, born_after, born_by, snap, core.scope(), core.scope());
        END $$;
        """)
}
