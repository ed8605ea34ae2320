import Contract
import Foundation

/// The path and query inputs of the registry's endpoints, each declared once (validation and `/openapi.json`).
enum RegistryInputs {
    static let child = PathInput.uuid("id", FileEndpoints.file)
    static let district = QueryInput.district()
    /// Districts are named only to choose the categories in force there: not scope-checked (no child data).
    static let vocabularyDistrict = QueryInput.district(scoped: false)
    static let limit = QueryInput.integer("limit", "每页条数", in: 1...500, default: 50)

    static func number(_ what: Localized) -> PathInput<Int64> { .number("id", what) }
}

/// The roster's filters, shared by the list and the CSV export.
extension RosterQuery {
    static let district = QueryInput.district().optional
    static let category = QueryInput.text("category", "儿童类别代码", maxLength: 60).optional
    static let colour = QueryInput<RiskColour>.enumeration("colour", "风险颜色").optional
    static let overdue = QueryInput.boolean("overdue", "只列逾期 (true) 或未逾期 (false)").optional
    static let minAge = QueryInput.integer("minAge", "最小周岁", in: 0...30).optional
    static let maxAge = QueryInput.integer("maxAge", "最大周岁", in: 0...30).optional
    static let name = QueryInput.text("name", "姓名开头", maxLength: 50).optional

    /// The filters of the list (the export adds its required district and pages by itself).
    static let filters: [any DeclaredInput] = [category, colour, overdue, minAge, maxAge, name]
}
