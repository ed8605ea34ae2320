import CSVFiles
import Contract
import Foundation

/// One student of an enrolment-registry (学籍库) export, checked field by field; the error names the line and the
/// column. The ID number is turned into its blind index at once and never kept.
struct EnrolmentRow: Sendable {
    let line: Int
    let index: Data
    let name: String
    let school: String
    let schoolDistrict: DistrictCode
    let grade: Int
    let status: EnrolmentStatus

    /// Header names accepted for each field (first row; the order of columns is free). Without a header the columns
    /// are taken in `order`.
    static let header = CSVHeader(
        names: [
            "idNumber": ["身份证号", "公民身份号码", "身份证件号", "idnumber"],
            "name": ["姓名", "学生姓名", "name"],
            "school": ["学校", "学校名称", "school"],
            "schoolDistrict": ["学校区划", "学校所在区划", "schooldistrict"],
            "grade": ["年级", "grade"],
            "status": ["学籍状态", "状态", "status"]
        ], key: "idNumber")
    static let order = ["idNumber", "name", "school", "schoolDistrict", "grade", "status"]
    static let defaultPositions = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })

    /// Checks one record; `districts` are the codes in force (a school in a retired or unknown district is refused).
    static func parse(
        _ cells: [String], line: Int, positions: [String: Int], keyring: Keyring, districts: [Int64: DistrictCode],
        today: CalendarDate
    ) throws(Problem) -> EnrolmentRow {
        func cell(_ field: String) -> String {
            guard let index = positions[field], index < cells.count else { return "" }
            let value = cells[index]
            // Most cells have nothing to trim: skip Foundation's trimming for them.
            if let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
                !first.properties.isWhitespace, !last.properties.isWhitespace
            {
                return value
            }
            return value.trimmingCharacters(in: .whitespaces)
        }
        func invalid(_ field: String, _ zh: String, _ en: String) -> Problem { .invalid(field, zh, en, row: line) }
        let id: CitizenID
        do { id = try CitizenID(cell("idNumber"), today: today) } catch { throw error.at(row: line) }
        let name = cell("name")
        let school = cell("school")
        guard !name.isEmpty, name.count <= 50 else { throw invalid("name", "姓名不能为空, 且不超过 50 个字", "name must be 1 to 50 characters") }
        guard !school.isEmpty, school.count <= 100 else {
            throw invalid("school", "学校名称不能为空, 且不超过 100 个字", "school must be 1 to 100 characters")
        }
        let code = cell("schoolDistrict")
        guard code.utf8.count == 12, let number = Int64(code), let district = districts[number] else {
            throw invalid("schoolDistrict", "学校区划 \(code) 不是现行的 12 位区划代码", "schoolDistrict is not a 12-digit district code in force")
        }
        guard let grade = Grade.parse(cell("grade")) else {
            throw invalid("grade", "年级应为 1–9 (如 3、三年级、初二)", "grade must be 1 to 9")
        }
        let status = try EnrolmentStatus.choices.parse(cell("status"), field: "status", what: .init(zh: "学籍状态", en: "status"), row: line)
        return EnrolmentRow(
            line: line, index: keyring.blindIndex(id), name: name, school: school, schoolDistrict: district, grade: grade, status: status)
    }
}
