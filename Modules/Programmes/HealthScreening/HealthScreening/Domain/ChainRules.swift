import Contract

/// 筛查环节 — the links of a screening chain, in their order: consent (知情同意) → screen or blood-spot sample (初筛/采血,
/// repeated for a rescreen or a new sample) → result → recall notice (召回通知) → confirmation at a designated centre
/// (确诊: referred, accepted or rejected by the centre, then its feedback) → treatment or intervention (治疗/干预) →
/// outcome (转归), which closes the chain.
enum Link: String, Codable, Sendable, CaseIterable, PostgresTextEnum {
    case consent, screen, result, recall, confirmation, treatment, outcome

    var title: Localized {
        switch self {
        case .consent: .init(zh: "知情同意", en: "Consent")
        case .screen: .init(zh: "采血/初筛", en: "Sample or screen")
        case .result: .init(zh: "筛查结果", en: "Result")
        case .recall: .init(zh: "召回通知", en: "Recall notice")
        case .confirmation: .init(zh: "确诊", en: "Confirmation")
        case .treatment: .init(zh: "治疗/干预", en: "Treatment or intervention")
        case .outcome: .init(zh: "转归", en: "Outcome")
        }
    }

    /// The states a step of this link may record.
    var states: [String] {
        switch self {
        case .consent: ["signed", "refused"]
        case .screen: ["done"]
        case .result: ["negative", "positive", "refer", "unsatisfactory"]
        case .recall: ["notified", "acknowledged"]
        case .confirmation: ["referred", "accepted", "rejected", "confirmed", "excluded"]
        case .treatment: ["started"]
        case .outcome: ["normal", "in-treatment", "lost", "died", "moved-away"]
        }
    }
}

/// Which step may follow the ones a chain holds. A refused consent is an outcome (`refused`), not a gap; every other
/// step needs the one before it: a result needs a screen without one, a recall a result that is not negative, a
/// referral a recall, the centre's answer a referral, its feedback an acceptance, a treatment a confirmed diagnosis.
enum ChainRules {
    /// The step `(link, state)` as the next of `history` (the chain's steps, oldest first), or the 409 saying why not.
    static func check(_ link: Link, _ state: String, after history: [(link: Link, state: String)]) throws(Problem) {
        func last(_ link: Link) -> String? { history.last { $0.link == link }?.state }
        func count(_ link: Link) -> Int { history.filter { $0.link == link }.count }
        guard link.states.contains(state) else {
            throw Problem.invalid(
                "state", "\(link.title.zh)的状态应为 \(link.states.joined(separator: "/"))", "state must be one of \(link.states)")
        }
        if let outcome = last(.outcome) {
            throw refused("筛查链已结案 (\(outcome))", "the chain is closed (\(outcome))")
        }
        switch (link, state) {
        case (.consent, _):
            guard count(.consent) == 0 else { throw refused("知情同意已登记", "consent is already recorded") }
        case (.outcome, "lost"), (.outcome, "died"), (.outcome, "moved-away"):
            break
        case (_, _) where last(.consent) != "signed":
            throw refused("须先登记监护人签署的知情同意", "the guardian's signed consent comes first")
        case (.screen, _):
            guard count(.screen) == count(.result) else { throw refused("上一次筛查尚无结果", "the previous screen has no result yet") }
            guard count(.screen) == 0 || ["refer", "unsatisfactory"].contains(last(.result)) else {
                throw refused("只有未通过或标本不合格时才复筛/重新采血", "a rescreen or new sample follows only a refer or an unsatisfactory sample")
            }
        case (.result, _):
            guard count(.screen) > count(.result) else { throw refused("没有待出结果的筛查", "no screen is waiting for its result") }
        case (.recall, "notified"):
            guard let result = last(.result), result != "negative" else {
                throw refused("只有阳性、未通过或标本不合格的结果才召回", "a recall follows a positive, refer or unsatisfactory result")
            }
        case (.recall, _):
            guard last(.recall) == "notified" else { throw refused("须先登记召回通知", "the recall notice comes first") }
        case (.confirmation, "referred"):
            guard last(.recall) != nil, [nil, "rejected"].contains(last(.confirmation)) else {
                throw refused("转诊须在召回之后, 且没有待处理的转诊", "a referral follows a recall, with no referral pending")
            }
        case (.confirmation, "accepted"), (.confirmation, "rejected"):
            guard last(.confirmation) == "referred" else { throw refused("没有待接收的转诊", "no referral is waiting for the centre") }
        case (.confirmation, _):
            guard last(.confirmation) == "accepted" else { throw refused("确诊机构尚未接收转诊", "the centre has not accepted the referral") }
        case (.treatment, _):
            guard last(.confirmation) == "confirmed" else { throw refused("须先确诊", "treatment follows a confirmed diagnosis") }
        case (.outcome, "normal"):
            guard last(.result) == "negative" || last(.confirmation) == "excluded" else {
                throw refused("结果阴性或确诊排除后才可结案为正常", "normal follows a negative result or an excluded diagnosis")
            }
        case (.outcome, _):
            guard last(.treatment) != nil else { throw refused("须先登记治疗/干预", "in-treatment follows a treatment") }
        }
    }

    static func refused(_ zh: String, _ en: String) -> Problem { .stateConflict(zh, en) }
}
