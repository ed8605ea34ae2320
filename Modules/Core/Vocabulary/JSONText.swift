import Foundation

/// JSON text of a value with sorted keys, as the platform stores it in `jsonb` columns and policy defaults.
public enum JSONText {
    /// `value` as JSON text; `null` when it cannot be encoded.
    public static func encoding(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
