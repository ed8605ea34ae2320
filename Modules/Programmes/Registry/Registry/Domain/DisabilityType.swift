/// 残疾类别 — the seven kinds of GB/T 26341-2010 as the 残疾人证 records them.
enum DisabilityType: String, CaseIterable, Codable, Sendable {
    /// 视力残疾
    case visual
    /// 听力残疾
    case hearing
    /// 言语残疾
    case speech
    /// 肢体残疾
    case physical
    /// 智力残疾
    case intellectual
    /// 精神残疾
    case mental
    /// 多重残疾
    case multiple

    var chineseName: String {
        switch self {
        case .visual: "视力残疾"
        case .hearing: "听力残疾"
        case .speech: "言语残疾"
        case .physical: "肢体残疾"
        case .intellectual: "智力残疾"
        case .mental: "精神残疾"
        case .multiple: "多重残疾"
        }
    }
}
