import Contract

/// The words the console shows for dropout control's codes (Chinese, English by the language switch): a case's state,
/// a persuasion attempt's party, method and outcome (劝返人员所属、方式、结果), a priority group (重点群体) and the
/// side of the household-registration comparison (居住地/户籍地). The API and the CSV export keep the codes.
enum DropoutLabels {
    static func state(_ state: CaseState) -> Localized {
        let en: String =
            switch state {
            case .suspected: "Suspected dropout"
            case .dropout: "Dropout"
            case .reported: "Reported in writing"
            case .legal: "Legal measures"
            case .returned: "Returned"
            case .closed: "Closed"
            }
        return Localized(zh: state.chineseName, en: en)
    }

    static func party(_ party: PersuasionAttempt.Party) -> Localized {
        switch party {
        case .teacher: .init(zh: "学校教师", en: "Teacher")
        case .village: .init(zh: "村 (居) 委会", en: "Village committee")
        case .township: .init(zh: "乡镇政府", en: "Township")
        case .county: .init(zh: "县教育局", en: "County bureau")
        }
    }

    static func method(_ method: PersuasionAttempt.Method) -> Localized {
        switch method {
        case .homeVisit: .init(zh: "上门家访", en: "Home visit")
        case .phone: .init(zh: "电话", en: "Phone")
        case .meeting: .init(zh: "约谈", en: "Meeting")
        case .letter: .init(zh: "书面通知", en: "Letter")
        case .other: .init(zh: "其他", en: "Other")
        }
    }

    static func outcome(_ outcome: PersuasionAttempt.Outcome) -> Localized {
        switch outcome {
        case .returned: .init(zh: "已复学", en: "Returned")
        case .promised: .init(zh: "承诺返校", en: "Promised to return")
        case .refused: .init(zh: "拒绝返校", en: "Refused")
        case .noContact: .init(zh: "未能联系", en: "No contact")
        case .other: .init(zh: "其他", en: "Other")
        }
    }

    static func group(_ code: String) -> Localized {
        guard let group = PriorityGroup(rawValue: code) else { return Localized(zh: code, en: code) }
        let en: String =
            switch group {
            case .orphan: "Orphan"
            case .deFactoUnsupported: "De facto unsupported"
            case .disabled: "Disabled"
            case .leftBehind: "Left behind"
            case .vulnerable: "Vulnerable"
            case .migrant: "Migrant"
            }
        return Localized(zh: group.chineseName, en: en)
    }

    static func side(_ side: LedgerRepository.Side) -> Localized {
        Localized(zh: side.chineseName, en: side == .residence ? "Residence" : "Household registration")
    }
}
