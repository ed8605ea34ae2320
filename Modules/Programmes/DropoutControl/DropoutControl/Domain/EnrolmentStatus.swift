import CSVFiles

/// 学籍状态 — a student's status in the enrolment registry (学籍库) export. Any status is an enrolment record: a
/// student suspended or marked dropped out keeps the 学籍 during the compulsory years (domain-rules §4.2), so no
/// status puts a child on the out-of-school ledger (适龄失学: no record at all). What each status means at comparison:
/// - enrolled (在籍在读): ``attending``, ``homeTeaching`` (送教上门 is schooling), ``transferredOut`` (the receiving
///   school's record follows);
/// - suspended (休学): ``suspended``, kept as enrolled and not suspected;
/// - out (名在人不在): ``droppedOut`` — 辍学 and the local words for it (失学, 流失, 退学: there is no lawful withdrawal
///   during compulsory education) — each comparison opens a suspected-dropout case (疑似辍学) for such a student with
///   no open case and none this term (``ComparisonRepository``).
enum EnrolmentStatus: String, CaseIterable, Sendable {
    case attending
    case suspended
    case transferredOut = "transferred-out"
    case homeTeaching = "home-teaching"
    case droppedOut = "dropped-out"

    var chineseNames: [String] {
        switch self {
        case .attending: ["在读", "在校", "正常"]
        case .suspended: ["休学"]
        case .transferredOut: ["转出"]
        case .homeTeaching: ["送教上门"]
        case .droppedOut: ["辍学", "失学", "流失", "退学"]
        }
    }

    /// Accepts the English value (any case) or a Chinese name, as the registry export writes it.
    init?(text: String) {
        guard let found = Self.choices.value(text) else { return nil }
        self = found
    }

    /// An enrolment file's 学籍状态 cell: the code or a Chinese name.
    static let choices = CellChoices(allCases.map { ($0, $0.rawValue, $0.chineseNames) })
}

/// 年级 — grade 1–9 of compulsory education, from `3`, `三年级`, `初二` (grade 8) or `七年级`.
enum Grade {
    static let numerals: [Character] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]

    static func parse(_ text: String) -> Int? {
        if let number = Int(text), (1...9).contains(number) { return number }
        var text = Substring(text)
        if text.hasSuffix("年级") { text = text.dropLast(2) }
        var offset = 0
        if text.hasPrefix("初") {
            text = text.dropFirst()
            offset = 6
        }
        guard text.count == 1, let index = numerals.firstIndex(of: text.first!), index + offset < 9 else { return nil }
        return index + 1 + offset
    }
}
