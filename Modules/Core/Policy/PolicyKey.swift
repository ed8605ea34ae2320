import Foundation
import Vocabulary

/// 政策参数 — a rule that differs by province or county, declared by the programme that reads it with the type of its
/// value, the default that applies where no district has set it, and the document the default comes from. Read it
/// with `PolicyStore.value(of:in:on:on:)`.
public struct PolicyKey<Value: Codable & Sendable>: Sendable {
    /// `<programme-id>.<name>`, e.g. `dropout-control.absence-threshold-days`.
    public let key: String
    public let title: Localized
    public let defaultValue: Value
    public let source: String

    public init(_ key: String, title: Localized, defaultValue: Value, source: String) {
        self.key = key
        self.title = title
        self.defaultValue = defaultValue
        self.source = source
    }

    /// The key without its value type, as a programme lists it and `tonghu policy` shows and checks it.
    public var erased: AnyPolicyKey {
        AnyPolicyKey(
            key: key, title: title, defaultValue: JSONText.encoding(defaultValue), source: source,
            accepts: { (try? JSONDecoder().decode(Value.self, from: Data($0.utf8))) != nil })
    }
}

/// A policy key whatever its value type: the default as JSON text, and whether a JSON value decodes as the key's type.
public struct AnyPolicyKey: Sendable, Encodable {
    public let key: String
    public let title: Localized
    /// JSON text.
    public let defaultValue: String
    public let source: String
    let accepts: @Sendable (String) -> Bool

    enum CodingKeys: String, CodingKey {
        case key, title, defaultValue, source
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
