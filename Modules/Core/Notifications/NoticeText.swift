import Vocabulary

/// The texts a notice carries: `{child}` becomes the child's name where the rule allows it, otherwise its masked form;
/// anything that looks like an ID number (15 or more digits in a row) is refused.
enum NoticeText {
    static let childPlaceholder = "{child}"

    /// `张三丰` → `张**`: the family name and one star per other character.
    static func masked(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: name.count - 1)
    }

    static func render(_ text: Localized, child: String?, showsName: Bool) -> Localized {
        let shown = child.map { showsName ? $0 : masked($0) } ?? ""
        return Localized(
            zh: text.zh.replacingOccurrences(of: childPlaceholder, with: shown),
            en: text.en.replacingOccurrences(of: childPlaceholder, with: shown))
    }

    /// Refuses `text` if it holds a run of 15 or more digits (an ID number, 身份证号, in whole or in part).
    static func refuseIDNumbers(_ text: String, field: String) throws(Problem) {
        var run = 0
        for character in text {
            run = character.isASCII && character.isNumber ? run + 1 : 0
            if run >= 15 {
                throw Problem.invalid(field, "通知不得含身份证号", "a notice must not carry an ID number")
            }
        }
    }
}
