/// 可填值 — the values a spreadsheet column takes, each written as any of its names (Chinese as county staff type
/// them, or the English code), so that a cell that matches none can be answered with the list of what it may hold.
///
/// A name matches exactly or, lowercased, an English code written in another case (`Rural`).
public struct CellChoices<Value: Sendable>: Sendable {
    private let byName: [String: Value]
    /// What a Chinese message lists: the first Chinese name of each value, in order (`外出务工, 重病, …`).
    public let chineseList: String
    /// What an English message lists: each value's code and its Chinese name (`working-away (外出务工), …`).
    public let englishList: String

    /// `choices` in the order messages list them; of `chinese`, the first is the name listed, all are accepted.
    public init(_ choices: [(value: Value, english: String, chinese: [String])]) {
        var byName: [String: Value] = [:]
        for choice in choices {
            for name in [choice.english, choice.english.lowercased()] + choice.chinese where byName[name] == nil {
                byName[name] = choice.value
            }
        }
        self.byName = byName
        chineseList = choices.map { $0.chinese.first ?? $0.english }.joined(separator: ", ")
        englishList = choices.map { choice in choice.chinese.first.map { "\(choice.english) (\($0))" } ?? choice.english }
            .joined(separator: ", ")
    }

    /// The value `text` names, or `nil`.
    public func value(_ text: String) -> Value? {
        byName[text] ?? byName[text.lowercased()]
    }
}
