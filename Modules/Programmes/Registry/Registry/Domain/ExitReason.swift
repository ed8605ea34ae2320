import RegistryInterface
import Vocabulary

/// 退出原因 — why a child no longer qualifies for a category it holds (应退未退, domain-rules §2.4).
enum ExitReason: Codable, Sendable, Hashable {
    /// 年满 N 周岁: 16 for 农村留守; 18 for 孤儿 and 事实无人抚养, or the student limit under the continuation.
    case reachedAge(limit: Int)
    /// A parent's condition ended on `ended` (刑满释放, 戒毒期满, 找回失联父母, 撤销宣告失踪, 恢复监护资格, 返乡).
    case parentConditionEnded(parent: Parent, condition: ParentCondition, ended: CalendarDate)
    /// 儿童死亡
    case died
    /// 已被依法收养
    case adopted
    /// The hukou is no longer rural (农村留守 only).
    case hukouNoLongerRural
    /// 迁出本辖区: detected by the transfer flow, never by `ExitRules`.
    case movedAway
    /// The facts now make a related category instead (事实无人抚养 → 孤儿, 散居 → 集中养育).
    case reclassified(to: ChildCategory)
    /// None of the above explains it (e.g. a status was corrected or removed): staff must check the file.
    case factsChanged

    var explanation: String {
        switch self {
        case .reachedAge(let limit): "已满 \(limit) 周岁"
        case .parentConditionEnded(let parent, let condition, let ended): "\(parent.chineseName) \(condition.chineseName) 已于 \(ended) 结束"
        case .died: "儿童已死亡"
        case .adopted: "儿童已被依法收养"
        case .hukouNoLongerRural: "已不是农村户籍"
        case .movedAway: "已迁出本辖区"
        case .reclassified(let category): "现符合\(category.title.zh)认定"
        case .factsChanged: "登记的事实已不支持该类别, 请核实"
        }
    }
}
