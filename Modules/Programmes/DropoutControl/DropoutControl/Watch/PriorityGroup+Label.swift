extension PriorityGroup {
    /// The label a spreadsheet shows (孤儿, 留守儿童, …).
    var chineseName: String {
        switch self {
        case .orphan: "孤儿"
        case .deFactoUnsupported: "事实无人抚养儿童"
        case .disabled: "残疾儿童"
        case .leftBehind: "留守儿童"
        case .vulnerable: "困境儿童"
        case .migrant: "随迁子女"
        }
    }
}
