import CSVFiles
import Contract
import Foundation
import RegistryInterface

/// The roster as table rows, the same for `tonghu registry export` and `GET /exports/roster`. CSV (for scripts) keeps
/// the codes; xlsx (for Excel) shows Chinese labels — colour 红, categories 农村留守儿童 — and the district's name beside
/// its code. Either reads back through `tonghu registry import` (the columns it reads are the same).
enum RosterCSV {
    static let header = ["儿童编号", "姓名", "身份证号", "出生日期", "居住地区划", "户籍地区划", "风险颜色", "下次走访", "类别", "联系人", "联系人关系", "联系电话"]

    /// The columns of `format`: xlsx adds 居住地名称 after 居住地区划.
    static func columns(_ format: ExportFormat) -> [SheetColumn] {
        let widths = [38, 10, 20, 12, 14, 14, 8, 12, 24, 10, 12, 14]
        var columns = zip(header, widths).map { SheetColumn($0, width: $1) }
        if format == .xlsx { columns.insert(SheetColumn("居住地名称", width: 24), at: 5) }
        return columns
    }

    /// One row; `hukou` is the child's 户籍地区划; `idNumber` and the contacts' phones are masked unless the reader may see them in full. Several contacts
    /// are joined by `、` in each of the last three columns (the columns `tonghu registry import` reads). `districtNames`
    /// name the residence districts in xlsx.
    static func fields(
        _ entry: RosterEntry, idNumber: String, hukou: DistrictCode?, contacts: [Contact], format: ExportFormat = .csv,
        districtNames: [DistrictCode: String] = [:]
    ) -> [String] {
        let labelled = format == .xlsx
        var fields = [
            entry.id.uuidString, entry.name, idNumber, entry.birthDate.description, entry.residenceDistrict.description,
            hukou?.description ?? "",
            labelled ? RiskColour(rawValue: entry.riskColour)?.chineseName ?? entry.riskColour : entry.riskColour,
            entry.nextVisitDue.description,
            (labelled ? entry.categories.map { ChildCategory(rawValue: $0).title.zh } : entry.categories).joined(separator: "、"),
            contacts.map(\.name).joined(separator: "、"), contacts.map(\.relationship).joined(separator: "、"),
            contacts.map { $0.phone ?? "" }.joined(separator: "、")
        ]
        if labelled { fields.insert(districtNames[entry.residenceDistrict] ?? "", at: 5) }
        return fields
    }

    /// Adds to `names` the names of the residence districts of `entries` it lacks (xlsx only).
    static func addNames(
        of entries: [RosterEntry], to names: inout [DistrictCode: String], format: ExportFormat, districts: DistrictRepository
    )
        async throws
    {
        guard format == .xlsx else { return }
        for code in Set(entries.map(\.residenceDistrict)) where names[code] == nil {
            names[code] = try await districts.find(code)?.name ?? ""
        }
    }
}
