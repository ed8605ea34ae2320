import Policy
import Vocabulary
import WorkCalendar

/// 通知规则 — a rule as data: what raises it, who is told, whether the child's name may be shown, whether it also goes
/// out through the webhook, and when an unacknowledged notice escalates one level up. Declared by the programme that
/// raises it (`Notices.raise`) and handed to its escalation sweep (`NoticeEscalationSweep`).
///
/// Recipients are the holders of `recipient` in the subject's district or, when nobody holds it there, in the nearest
/// district above that has a holder (level 0). Each escalation tells the holders of `escalation.role` in the district
/// above the previous level's recipients, walking up the same way (level + 1).
public struct NoticeRule: Sendable {
    /// `<programme-id>.<name>`, e.g. `registry.red-visit-overdue`; stored with every notice.
    public let id: String
    public let title: Localized
    /// When the programme raises the notice, in words (the rule's documentation).
    public let when: Localized
    /// The role told first, e.g. `registry.supervisor`.
    public let recipient: String
    /// Whether the notice may name the child; otherwise it carries the masked name (`张**`).
    public let showsName: Bool
    /// Whether each notice also goes out through the webhook (`NoticeWebhook`).
    public let outbound: Bool
    public let escalation: NoticeEscalation?

    public init(
        _ id: String, title: Localized, when: Localized, recipient: String, showsName: Bool, outbound: Bool = true,
        escalation: NoticeEscalation? = nil
    ) {
        self.id = id
        self.title = title
        self.when = when
        self.recipient = recipient
        self.showsName = showsName
        self.outbound = outbound
        self.escalation = escalation
    }
}

/// 逐级上报 — when a notice nobody at its level acknowledged goes one level up, and to whom.
public struct NoticeEscalation: Sendable {
    /// The role told one level up, e.g. `registry.manager` (县级).
    public let role: String
    /// How long after a level's notices were raised they escalate (期限: hours, calendar days or working days, counted
    /// on the working-day calendar in force for the subject's district); a policy setting, so a county can change it.
    public let after: PolicyKey<Deadline>
    /// The highest level a notice reaches (1: one escalation).
    public let maximumLevel: Int

    public init(role: String, after: PolicyKey<Deadline>, maximumLevel: Int = 1) {
        self.role = role
        self.after = after
        self.maximumLevel = maximumLevel
    }
}
