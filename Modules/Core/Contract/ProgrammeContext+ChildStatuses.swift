extension ProgrammeContext {
    /// 儿童状态 — publish, clear and read a child's statuses in the core feed, on the caller's scoped connection.
    public var childStatuses: ChildStatusFeed { ChildStatusFeed(logger: logger) }
}
