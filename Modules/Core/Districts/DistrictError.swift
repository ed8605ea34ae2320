import Vocabulary

/// Why a district operation was refused; each names the code or row at fault.
public enum DistrictError: Error, Equatable, CustomStringConvertible {
    case invalidCode(String)
    case notFound(DistrictCode)
    case parentMissing(DistrictCode)
    case retired(DistrictCode)
    case alreadyExists(DistrictCode)
    case levelMismatch(DistrictCode, DistrictCode)
    case row(line: Int, field: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidCode(text): "区划代码 \(text) 无效: 应为 12 位数字, 按 2/4/6/9/12 位分级"
        case let .notFound(code): "区划 \(code) 不存在"
        case let .parentMissing(code): "区划 \(code) 的上级 \(code.parent.map(String.init(describing:)) ?? "-") 不存在"
        case let .retired(code): "区划 \(code) 已撤销"
        case let .alreadyExists(code): "区划 \(code) 已存在"
        case let .levelMismatch(from, to): "区划 \(from) 与 \(to) 层级不同, 不能合并或迁移"
        case let .row(line, field, reason): "第 \(line) 行 \(field): \(reason)"
        }
    }
}

extension DistrictError: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .notFound:
            Problem(
                kind: "not-found", status: 404, title: .init(zh: "未找到", en: "Not found"),
                detail: .init(zh: description, en: "district not found"), field: "code")
        case let .alreadyExists(code):
            .conflict(description, "district \(code) already exists", field: "code")
        case let .row(line, field, reason):
            .invalid(field, reason, reason, row: line)
        default:
            .invalid("code", description, description)
        }
    }
}
