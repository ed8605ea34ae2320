/// 风险颜色 — a colour of 四色管理 (分级分色), red the highest risk; which colours a place uses, what they mean and how
/// often each is visited is its `RiskScheme`.
enum RiskColour: String, CaseIterable, Codable, Sendable {
    /// 红
    case red
    /// 黄
    case yellow
    /// 蓝
    case blue
    /// 绿
    case green

    var chineseName: String {
        switch self {
        case .red: "红"
        case .yellow: "黄"
        case .blue: "蓝"
        case .green: "绿"
        }
    }
}
