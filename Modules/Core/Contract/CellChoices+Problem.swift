import CSVFiles

extension CellChoices {
    /// The value `text` names, or a 422 naming `field` (and `row`) that lists what the column takes:
    /// `无法识别的父母状况 打工; 可填: 外出务工, 重病, …` / `unknown parent condition 打工; accepted: working-away (外出务工), …`.
    public func parse(_ text: String, field: String, what: Localized, row: Int? = nil) throws(Problem) -> Value {
        guard let value = value(text) else {
            throw Problem.invalid(
                field, "无法识别的\(what.zh) \(text); 可填: \(chineseList)", "unknown \(what.en) \(text); accepted: \(englishList)", row: row)
        }
        return value
    }
}
