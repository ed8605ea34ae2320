import Contract
import Schedules

/// The words the console shows for health screening's codes: a step's state, a deadline's timeliness (按时/超时/待完成)
/// and an open item's status.
enum HealthLabels {
    static func state(_ code: String) -> Localized {
        switch code {
        case "signed": .init(zh: "已签署", en: "Signed")
        case "refused": .init(zh: "拒绝", en: "Refused")
        case "done": .init(zh: "已完成", en: "Done")
        case "negative": .init(zh: "阴性", en: "Negative")
        case "positive": .init(zh: "阳性", en: "Positive")
        case "refer": .init(zh: "未通过", en: "Refer")
        case "unsatisfactory": .init(zh: "标本不合格", en: "Unsatisfactory sample")
        case "notified": .init(zh: "已通知", en: "Notified")
        case "acknowledged": .init(zh: "监护人已确认", en: "Acknowledged by the guardian")
        case "referred": .init(zh: "已转诊", en: "Referred")
        case "accepted": .init(zh: "已接收", en: "Accepted")
        case "rejected": .init(zh: "拒收", en: "Rejected")
        case "confirmed": .init(zh: "确诊", en: "Confirmed")
        case "excluded": .init(zh: "排除", en: "Excluded")
        case "started": .init(zh: "已开始", en: "Started")
        case "normal": .init(zh: "正常", en: "Normal")
        case "in-treatment": .init(zh: "治疗中", en: "In treatment")
        case "lost": .init(zh: "失访", en: "Lost to follow-up")
        case "died": .init(zh: "死亡", en: "Died")
        case "moved-away": .init(zh: "迁出", en: "Moved away")
        default: .init(zh: code, en: code)
        }
    }

    static func timeliness(_ timeliness: LinkDeadline.Timeliness) -> Localized {
        switch timeliness {
        case .met: .init(zh: "按时", en: "Met")
        case .missed: .init(zh: "超时", en: "Missed")
        case .pending: .init(zh: "待完成", en: "Pending")
        case .skipped: .init(zh: "免做", en: "Skipped")
        case .cancelled: .init(zh: "已取消", en: "Cancelled")
        case .notApplicable: .init(zh: "不适用", en: "Not applicable")
        }
    }

    static func status(_ status: ScheduleItemStatus) -> Localized {
        switch status {
        case .upcoming: .init(zh: "未到期", en: "Upcoming")
        case .due: .init(zh: "到期", en: "Due")
        case .overdue: .init(zh: "逾期", en: "Overdue")
        case .missed: .init(zh: "已错过", en: "Missed")
        }
    }

    static func list(_ list: WorklistRepository.List) -> Localized {
        switch list {
        case .recalls: .init(zh: "召回", en: "Recalls")
        case .rescreens: .init(zh: "复筛", en: "Rescreens")
        case .referrals: .init(zh: "待接收的转诊", en: "Referrals waiting")
        }
    }
}
