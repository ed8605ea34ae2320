import Foundation

/// The roster as CSV rows, the same for `tonghu registry export` and `GET /exports/roster`.
enum RosterCSV {
    static let header = ["儿童编号", "姓名", "身份证号", "出生日期", "居住地区划", "风险颜色", "下次走访", "类别", "联系人", "联系人关系", "联系电话"]

    /// One row; `idNumber` and the contacts' phones are masked unless the reader may see them in full. Several contacts
    /// are joined by `、` in each of the last three columns (the columns `tonghu registry import` reads).
    static func fields(_ entry: RosterEntry, idNumber: String, contacts: [Contact]) -> [String] {
        [
            entry.id.uuidString, entry.name, idNumber, entry.birthDate.description, entry.residenceDistrict.description,
            entry.riskColour, entry.nextVisitDue.description, entry.categories.joined(separator: "、"),
            contacts.map(\.name).joined(separator: "、"), contacts.map(\.relationship).joined(separator: "、"),
            contacts.map { $0.phone ?? "" }.joined(separator: "、")
        ]
    }
}
