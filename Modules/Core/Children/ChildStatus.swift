import Foundation
import Vocabulary

/// 儿童状态 — what one programme currently says about a child (辍学劝返中, 筛查待复查, 已结对帮扶, …), published by that
/// programme into the core feed (`ChildStatusFeed`) and shown on the child's file beside every other programme's.
/// A child holds at most one current status per programme and `code`; a programme with several concurrent facts
/// about a child uses several codes.
public struct ChildStatus: Codable, Sendable, Equatable {
    /// How much the status asks of whoever reads the file.
    public enum Severity: String, Codable, Sendable, CaseIterable {
        /// For information (e.g. back at school, followed up).
        case info
        /// Needs attention (e.g. out of school, being persuaded back).
        case warning
        /// Needs action now.
        case urgent
    }

    /// The publishing programme's id (`dropout-control`).
    public let programme: String
    /// kebab-case, unique within the programme (`dropout`, `returned`).
    public let code: String
    public let title: Localized
    /// The day the status began.
    public let since: CalendarDate
    /// The day it is expected to end, when it has a term (a follow-up period).
    public let until: CalendarDate?
    public let severity: Severity
    /// Where the publishing programme shows the details (an API path such as `/api/v1/dropout-control/cases/<id>`).
    public let link: String?

    public init(
        programme: String, code: String, title: Localized, since: CalendarDate, until: CalendarDate? = nil, severity: Severity,
        link: String? = nil
    ) {
        self.programme = programme
        self.code = code
        self.title = title
        self.since = since
        self.until = until
        self.severity = severity
        self.link = link
    }
}
