import Vocabulary

/// 走访周期 — when the next visit is due from the child's risk colour, and the work-list tests on it.
enum VisitCadence {
    /// `visitedOn` plus the colour's interval in days.
    static func nextDue(after visitedOn: CalendarDate, colour: RiskColour, scheme: RiskScheme) -> CalendarDate {
        visitedOn.adding(days: scheme.visitIntervalDays(for: colour))
    }

    /// Overdue from the day after the due date; a visit on the due date is on time.
    static func isOverdue(nextDue: CalendarDate, today: CalendarDate) -> Bool { today > nextDue }

    /// Due today or within the next `window` days, and not yet overdue.
    static func isDueSoon(nextDue: CalendarDate, today: CalendarDate, window: Int) -> Bool {
        (0...max(window, 0)).contains(today.days(to: nextDue))
    }
}
