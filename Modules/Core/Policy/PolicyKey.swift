import Vocabulary

/// 政策参数 — a rule that differs by province or county, declared by the programme that reads it, with the default
/// that applies where no district has set it and the document the default comes from.
public struct PolicyKey: Sendable, Codable, Equatable {
    /// `<programme-id>.<name>`, e.g. `dropout-control.absence-threshold-days`.
    public let key: String
    public let title: Localized
    /// JSON text.
    public let defaultValue: String
    public let source: String

    public init(_ key: String, title: Localized, defaultValue: String, source: String) {
        self.key = key
        self.title = title
        self.defaultValue = defaultValue
        self.source = source
    }
}

/// One version of a setting: in force in `district`'s subtree (nationwide when `nil`) from `effectiveFrom`.
public struct PolicySetting: Sendable, Codable, Equatable {
    public let key: String
    public let district: String?
    public let effectiveFrom: CalendarDate
    /// JSON text.
    public let value: String
    public let source: String
}
