extension CaseState {
    /// The label a spreadsheet shows (疑似辍学, 已复学, …).
    var chineseName: String {
        switch self {
        case .suspected: "疑似辍学"
        case .dropout: "辍学"
        case .reported: "已书面报告"
        case .legal: "依法督促"
        case .returned: "已复学"
        case .closed: "已销号"
        }
    }
}
