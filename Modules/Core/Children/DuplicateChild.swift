import Districts
import Foundation
import Vocabulary

/// 重复登记 — an ID number that is already registered. The caller is told which county holds the child (code and
/// name) so they can ask it for a transfer; the child's id only when their scope covers the child. `child` is kept
/// for the audit trail of the attempt and never shown.
public struct DuplicateChild: ProblemConvertible, Sendable {
    /// The registered child, for auditing the attempt.
    public let child: UUID?
    /// The child's id when the caller may see it.
    public let visibleChild: UUID?
    /// The county of the child's residence.
    public let county: DistrictCode?
    public let countyName: String?

    /// A conflict whose holder could not be read back (the row that conflicted is not visible to the look-up).
    public static let holderUnknown = DuplicateChild(child: nil, visibleChild: nil, county: nil, countyName: nil)

    public var problem: Problem {
        let holder = county.map { code in "\(countyName ?? "") (\(code))" }
        var extensions: [String: String] = [:]
        if let visibleChild { extensions["existing"] = visibleChild.uuidString }
        if let county { extensions["holderCounty"] = county.description }
        if let countyName { extensions["holderCountyName"] = countyName }
        return Problem(
            kind: "conflict", status: 409, title: .init(zh: "记录已存在", en: "Already exists"),
            detail: .init(
                zh: "该身份证号的儿童已在\(holder.map { " \($0) " } ?? "")登记; 如需由本地跟进, 请联系该县发起转移",
                en: "a child with this ID number is already registered\(holder.map { " in \($0)" } ?? ""); ask that county for a transfer"),
            field: "idNumber", extensions: extensions)
    }
}
