/// 拼音首字母 — the initials staff type to find a child by name: `zsm` finds 张三明. A polyphonic character gives
/// every reading's initial (单 → d, s, c), so a name has a few variants; ASCII letters and digits stand for
/// themselves, anything else (·, spaces) is skipped.
public enum PinyinInitials {
    /// The initials of `name`, every reading combined, at most `limit` variants (most common reading first).
    public static func variants(of name: String, limit: Int = 16) -> [String] {
        var variants = [""]
        for scalar in name.unicodeScalars {
            let letters = initials(of: scalar)
            guard !letters.isEmpty else { continue }
            variants = Array(variants.flatMap { prefix in letters.map { prefix + String($0) } }.prefix(limit))
        }
        return variants == [""] ? [] : variants
    }

    /// Whether a search text is meant as initials: ASCII letters only.
    public static func isInitials(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
    }

    /// The initial letters of one character, most common reading first; empty when it has none.
    static func initials(of scalar: Unicode.Scalar) -> [Character] {
        if scalar.isASCII {
            let character = Character(scalar)
            return character.isLetter || character.isNumber ? [Character(character.lowercased())] : []
        }
        guard (PinyinTable.first...PinyinTable.last).contains(scalar.value) else { return [] }
        if let several = polyphonic[scalar] { return several }
        let letter = primary[Int(scalar.value - PinyinTable.first)]
        return letter == "?" ? [] : [letter]
    }

    private static let primary: [Character] = PinyinTable.primary.filter { $0 != "\n" }.map { $0 }

    private static let polyphonic: [Unicode.Scalar: [Character]] = Dictionary(
        uniqueKeysWithValues: PinyinTable.polyphonic.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { entry in
            (entry.unicodeScalars.first!, Array(entry.dropFirst()))
        })
}
