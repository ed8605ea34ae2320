extension CoreSchema {
    static let childHolders = Migration(
        8, "a duplicate registration names the county, not the child",
        """
        -- 重复登记: a second registration of an ID number is told which county holds the child (code and name) so staff
        -- can ask for a transfer. The child's id is returned only when the caller's scope covers the child: an id
        -- outside it would let anyone with a registrar role anywhere turn ID numbers into child ids.
        CREATE FUNCTION core.child_holders(indexes bytea[])
            RETURNS TABLE (index bytea, id uuid, visible_id uuid, county bigint, county_name text)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
            SELECT c.id_number_index, c.id,
                   CASE WHEN c.residence_district <@ core.scope() OR c.hukou_district <@ core.scope() THEN c.id END,
                   d.code, d.name
            FROM core.children c
            LEFT JOIN core.districts d ON d.code = c.residence_district / 1000000 * 1000000
            WHERE c.id_number_index = ANY(indexes)
        $$;
        REVOKE ALL ON FUNCTION core.child_holders(bytea[]) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION core.child_holders(bytea[]) TO tonghu_app;
        """)
}
