extension ProgrammeContext {
    /// 通知 — raise a rule's notices in the caller's transaction; read and mark a user's inbox.
    public var notices: Notices { Notices(events: events, clock: clock, logger: logger) }

    /// The service that escalates `rules`' unacknowledged notices (a programme lists it in its `services`).
    public func noticeEscalation(_ rules: [NoticeRule], interval: Duration = .seconds(300)) -> NoticeEscalationSweep {
        NoticeEscalationSweep(
            database: database, policy: policy, notices: notices, clock: clock, rules: rules, interval: interval, logger: logger)
    }
}
