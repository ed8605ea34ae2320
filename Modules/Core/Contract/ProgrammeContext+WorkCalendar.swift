extension ProgrammeContext {
    /// 工作日历 — the working-day calendar in force for a district, for deadlines counted in working days
    /// (`calendar(for:on:)`, then `WorkingCalendar.deadline(from:rule:)`).
    public var workCalendar: WorkCalendarStore { WorkCalendarStore(logger: logger) }
}
