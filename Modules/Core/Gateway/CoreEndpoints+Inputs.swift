import Contract
import Foundation

/// The path and query inputs of the core's endpoints.
extension CoreEndpoints {
    static let code = PathInput.district("code")
    static let id = PathInput.uuid("id", child)

    /// The filters of `GET /audit`.
    enum Audit {
        static let child = QueryInput.uuid("child", "儿童编号").optional
        static let actor = QueryInput.text("actor", "操作人用户名", maxLength: 100).optional
        static let from = instant("from", "起始: 日期 yyyy-MM-dd (北京时间零点) 或 ISO 8601 时间").optional
        static let to = instant("to", "截止: 日期 yyyy-MM-dd (北京时间零点) 或 ISO 8601 时间").optional
        static let limit = QueryInput.integer("limit", "最多返回条数", in: 1...5_000, default: 500)

        /// A day (its start in Beijing time) or an ISO 8601 instant.
        static func instant(_ name: String, _ description: String) -> QueryInput<Date> {
            .custom(name, description, schema: ["type": "string", "description": .string(description)]) { text in
                if let day = CalendarDate(text), let start = ISO8601DateFormatter().date(from: "\(day)T00:00:00+08:00") { return start }
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw Problem.invalid(name, "\(name) 应为日期 yyyy-MM-dd 或 ISO 8601 时间", "\(name) must be yyyy-MM-dd or an ISO 8601 time")
                }
                return date
            }
        }
    }
}
