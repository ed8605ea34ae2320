import Contract

extension DropoutSchema {
    /// The students a snapshot marks dropped out (学籍状态 辍学), found by each comparison through a partial index on
    /// every snapshot's partition (the import builds it before attaching; this builds it on those already loaded)
    /// instead of a scan of the whole snapshot.
    static let droppedOutIndex = Migration(
        5, "enrolments: index of the students marked dropped out",
        """
        CREATE INDEX enrolments_dropped_out ON dropout_control.enrolments (school_district) WHERE status = 'dropped-out';
        """)
}
