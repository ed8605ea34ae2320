extension CoreSchema {
    /// Migration 15: the open items' windows as one GiST index (`btree_gist`, a trusted contrib extension) over the
    /// district and the three window bounds, so "due" and "overdue in a township" find exactly the items whose window
    /// holds the instant instead of reading, in due order, past every missed item of the county first.
    ///
    /// The work list's conditions on these columns are plain comparisons, which PostgreSQL treats as leakproof: under
    /// row-level security they stay index conditions (a range operator such as `tstzrange(…) @> now` would not, and
    /// would be checked row by row after the policy). The policies of migration 13 are unchanged.
    static let scheduleIndexes = Migration(
        15, "schedule engine: the open items' windows indexed",
        """
        CREATE EXTENSION IF NOT EXISTS btree_gist;
        CREATE INDEX schedule_items_window ON core.schedule_items USING gist (district, due_from, due_by, expires)
            WHERE state = 'planned';
        """)
}
