import Foundation

/// The roster as CSV rows, the same for `tonghu registry export` and `GET /exports/roster`.
enum RosterCSV {
    static let header = ["儿童编号", "姓名", "身份证号", "出生日期", "居住地区划", "风险颜色", "下次走访", "类别"]

    /// One row; `idNumber` is the masked number unless the reader may see it in full.
    static func fields(_ entry: RosterEntry, idNumber: String) -> [String] {
        [entry.id.uuidString, entry.name, idNumber, entry.birthDate.description, entry.residenceDistrict.description,
         entry.riskColour, entry.nextVisitDue.description, entry.categories.joined(separator: "、")]
    }
}
