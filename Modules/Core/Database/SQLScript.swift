import Foundation

/// Splits a SQL script into statements at top-level semicolons, respecting quotes, dollar quotes and comments.
///
/// PostgresNIO speaks the extended protocol, which runs one statement per query.
enum SQLScript {
    static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current: [Character] = []
        let characters = Array(script)
        var index = 0

        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { statements.append(text) }
            current.removeAll(keepingCapacity: true)
        }
        func copy(until terminator: [Character]) {
            while index < characters.count {
                if characters[index...].starts(with: terminator) {
                    current.append(contentsOf: terminator)
                    index += terminator.count
                    return
                }
                current.append(characters[index])
                index += 1
            }
        }

        while index < characters.count {
            let character = characters[index]
            switch character {
            case "'", "\"":
                current.append(character)
                index += 1
                copy(until: [character])
            case "-" where characters[index...].starts(with: ["-", "-"]):
                copy(until: ["\n"])
            case "/" where characters[index...].starts(with: ["/", "*"]):
                copy(until: ["*", "/"])
            case "$":
                let tag = dollarTag(characters, at: index)
                current.append(contentsOf: tag)
                index += tag.count
                if tag.count > 1 { copy(until: tag) }
            case ";":
                flush()
                index += 1
            default:
                current.append(character)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// `$tag$` or `$$` starting at `index`, or just `$` when it is a positional parameter.
    private static func dollarTag(_ characters: [Character], at index: Int) -> [Character] {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end] == "_" || (end > index + 1 && characters[end].isNumber) {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return ["$"] }
        return Array(characters[index...end])
    }
}
