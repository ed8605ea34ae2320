import PostgresNIO
import Vocabulary

/// What a caller is told when PostgreSQL refuses a statement for a reason that lies in the request — a row outside
/// the caller's scope (row-level security), a unique or exclusion conflict, a missing reference, a value the
/// column's checks or type refuse — or because the database is shutting down or overloaded. One mapping for every
/// route and programme, so no refusal reaches a caller as a 500. The server's own message and detail are never
/// shown: they can quote another district's values. A lost connection is ``DatabaseUnavailable``. Errors that are the code's fault (a syntax error, a missing
/// column) are not refusals and stay 500s.
public enum DatabaseRefusal {
    /// The problem for `error`, or `nil` when it is not a refusal.
    public static func problem(for error: any Error) -> Problem? {
        if DatabaseUnavailable.isConnectionLoss(error) { return DatabaseUnavailable().problem }
        guard let error = error as? PSQLError, error.code == .server, let state = error.serverInfo?[.sqlState] else { return nil }
        let constraint = error.serverInfo?[.constraintName]
        let field = error.serverInfo?[.columnName].map(jsonName) ?? keyColumn(error.serverInfo?[.detail]).map(jsonName)
        switch state {
        case "42501":
            return Problem(
                kind: "out-of-scope", status: 403, title: .init(zh: "超出管辖范围", en: "Outside your scope"),
                detail: .init(zh: "该记录不在您的管辖范围内, 操作被拒绝", en: "the record lies outside your district scope; refused"),
                field: field)
        case "23505", "23P01":
            return Problem(
                kind: "conflict", status: 409, title: .init(zh: "记录冲突", en: "Conflict"),
                detail: .init(zh: "与已有记录冲突\(named(constraint))", en: "conflicts with an existing record\(named(constraint))"),
                field: field)
        case "23503":
            return invalid(field, "引用的记录不存在\(named(constraint))", "refers to a record that does not exist\(named(constraint))")
        case "23502":
            return invalid(field, "缺少必填字段\(field.map { " \($0)" } ?? "")", "a required field is missing\(field.map { " (\($0))" } ?? "")")
        case "23514", "23000", "23001":
            return invalid(field, "取值不符合规则\(named(constraint))", "a value breaks a rule\(named(constraint))")
        case "40001", "40P01":
            return .stateConflict("记录正被同时修改, 请重试", "the record was changed concurrently; retry")
        case "57014":
            return DatabaseUnavailable(
                detail: .init(zh: "数据库查询超时, 请缩小范围或稍后重试", en: "the database query timed out; narrow it or retry later")
            ).problem
        case _ where state.hasPrefix("22"):
            return invalid(field, "取值无效 (超出范围、格式不对或含有不允许的字符)", "a value is invalid (out of range, malformed or with a forbidden character)")
        case _ where state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P"):
            return DatabaseUnavailable().problem
        default:
            return nil
        }
    }

    /// 422 like `Problem.invalid`, with the field when the server named one.
    private static func invalid(_ field: String?, _ zh: String, _ en: String) -> Problem {
        Problem(kind: "validation", status: 422, title: .init(zh: "输入有误", en: "Invalid input"), detail: .init(zh: zh, en: en), field: field)
    }

    private static func named(_ constraint: String?) -> String { constraint.map { " (\($0))" } ?? "" }

    /// The first column of a key detail such as `Key (child_id, district)=(…) already exists.` — never its values.
    static func keyColumn(_ detail: String?) -> String? {
        guard let detail, let open = detail.firstIndex(of: "("), let close = detail[open...].firstIndex(of: ")") else { return nil }
        let columns = detail[detail.index(after: open)..<close]
        guard let first = columns.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty,
            first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return nil }
        return first
    }

    /// A column name as the API's JSON names it (`residence_district` → `residenceDistrict`).
    static func jsonName(_ column: String) -> String {
        let parts = column.split(separator: "_")
        guard let head = parts.first else { return column }
        return String(head) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
