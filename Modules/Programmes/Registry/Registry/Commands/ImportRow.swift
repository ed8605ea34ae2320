import CSVFiles
import Contract
import Foundation

/// One row of an import file as county staff have it (Excel columns in Chinese or English), checked field by
/// field; the error names the line and the column.
struct ImportRow: Sendable {
    let line: Int
    let child: ChildRepository.Validated
    let request: OpenFileRequest

    /// Header names accepted for each field (first row; the order of columns is free).
    static let header = CSVHeader(
        names: [
            "idNumber": ["身份证号", "公民身份号码", "idnumber"],
            "name": ["姓名", "name"],
            "residenceDistrict": ["居住地区划", "居住地", "residencedistrict"],
            "hukouDistrict": ["户籍地区划", "户籍地", "hukoudistrict"],
            "hukouType": ["户籍类型", "户口性质", "hukoutype"],
            "fatherCondition": ["父亲状况", "fathercondition"],
            "fatherSince": ["父亲状况起始", "fathersince"],
            "motherCondition": ["母亲状况", "mothercondition"],
            "motherSince": ["母亲状况起始", "mothersince"],
            "contactName": ["联系人", "联系人姓名", "contactname"],
            "contactRelationship": ["联系人关系", "与儿童关系", "contactrelationship"],
            "contactPhone": ["联系电话", "联系人电话", "contactphone"]
        ], key: "idNumber")

    /// 户籍类型 as county staff write it (农业 / 非农业 are the old 户口性质).
    static let hukouTypes = CellChoices<HukouType>([(.rural, "rural", ["农村", "农业"]), (.urban, "urban", ["城镇", "非农业"])])

    /// Without a header the four core columns are taken in order: 身份证号, 姓名, 居住地区划, 户籍地区划.
    static let defaultPositions = ["idNumber": 0, "name": 1, "residenceDistrict": 2, "hukouDistrict": 3]

    /// `text` without leading and trailing spaces; most cells have none, and are returned without a copy.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        let spaces = CharacterSet.whitespaces
        return spaces.contains(first) || spaces.contains(last) ? text.trimmingCharacters(in: spaces) : text
    }

    static func parse(_ cells: [String], line: Int, positions: [String: Int], today: CalendarDate) throws(Problem) -> ImportRow {
        func cell(_ field: String) -> String? {
            guard let index = positions[field], index < cells.count else { return nil }
            let value = trimmed(cells[index])
            return value.isEmpty ? nil : value
        }
        let child: ChildRepository.Validated
        do {
            child = try ChildRepository.validate(
                NewChild(
                    idNumber: cell("idNumber") ?? "", name: cell("name") ?? "",
                    residenceDistrict: cell("residenceDistrict") ?? "", hukouDistrict: cell("hukouDistrict") ?? ""), today: today)
        } catch {
            throw error.at(row: line)
        }
        var request = OpenFileRequest(
            idNumber: child.id.value, name: child.name, residenceDistrict: child.residence.description,
            hukouDistrict: child.hukou.description)
        if let type = cell("hukouType") {
            request.details.hukouType = try Self.hukouTypes.parse(
                type, field: "hukouType", what: .init(zh: "户籍类型", en: "hukouType"), row: line)
        }
        var parents: [ParentStatus] = []
        for (parent, prefix) in [(Parent.father, "father"), (Parent.mother, "mother")] {
            guard let text = cell(prefix + "Condition") else { continue }
            let condition = try ParentCondition.choices.parse(
                text, field: prefix + "Condition", what: .init(zh: "父母状况", en: "parent condition"), row: line)
            guard let sinceText = cell(prefix + "Since"), let since = CalendarDate(sinceText), since <= today else {
                throw Problem.invalid(
                    prefix + "Since", "请填写状况起始日期 yyyy-MM-dd (不能在未来)", "a start date yyyy-MM-dd, not in the future, is required"
                ).at(row: line)
            }
            parents.append(
                ParentStatus(
                    parent: parent, condition: condition, since: since, until: nil, termMonths: nil, disabilityGrade: nil,
                    disabilityType: nil))
        }
        request.parents = parents
        let phone: String?
        do { phone = try PhoneNumber.parse(cell("contactPhone"), field: "contactPhone") } catch { throw error.at(row: line) }
        if phone != nil || cell("contactName") != nil {
            request.details.contacts = [
                Contact(name: cell("contactName") ?? "", relationship: cell("contactRelationship") ?? "", phone: phone)
            ]
        }
        return ImportRow(line: line, child: child, request: request)
    }
}
