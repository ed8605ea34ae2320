import CSVFiles
import Contract
import Foundation

/// The audit log's query (审计查询), one declaration for `GET /api/v1/audit` and the console's audit page and export.
package enum AuditQuery {
    package static let child = QueryInput.uuid("child", "儿童编号").optional
    package static let actor = QueryInput.text("actor", "操作人用户名", maxLength: 100).optional
    package static let from = instant("from", "起始: 日期 yyyy-MM-dd (北京时间零点) 或 ISO 8601 时间").optional
    package static let to = instant("to", "截止: 日期 yyyy-MM-dd (北京时间零点) 或 ISO 8601 时间").optional
    package static let limit = QueryInput.integer("limit", "最多返回条数", in: 1...5_000, default: 500)

    static let inputs: [any DeclaredInput] = [child, actor, from, to, limit]

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

    package static func filter(_ call: Call) throws -> AuditFilter {
        AuditFilter(
            child: try call.input(child), actor: try call.input(actor), from: try call.input(from), to: try call.input(to),
            limit: try call.input(limit))
    }

    static func entries(_ call: Call) async throws -> [AuditEntry] {
        let filter = try filter(call)
        return try await call.transaction { try await call.context.audit.query(filter, on: $0) }
    }

    static let headings: [Localized] = [
        .init(zh: "时间 (北京时间)", en: "Time (Beijing)"), .init(zh: "操作人", en: "Actor"), .init(zh: "操作", en: "Action"),
        .init(zh: "业务模块", en: "Programme"), .init(zh: "对象", en: "Entity"), .init(zh: "对象编号", en: "Entity id"),
        .init(zh: "儿童编号", en: "Child id"), .init(zh: "结果", en: "Outcome"), .init(zh: "请求号", en: "Request id"),
        .init(zh: "来源地址", en: "Client address")
    ]

    static func cells(_ entry: AuditEntry) -> [String] {
        [
            beijing(entry.at), entry.actor, entry.action, entry.programme, entry.entity ?? "", entry.entityID ?? "",
            entry.childID?.uuidString ?? "", entry.outcome, entry.requestID ?? "", entry.clientAddress ?? ""
        ]
    }

    static func beijing(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The entries as CSV with a Chinese header row (UTF-8 with BOM, so Excel and WPS open it as UTF-8).
    static func csv(_ entries: [AuditEntry]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var writer = CSVWriter { bytes.append(contentsOf: $0) }
        try writer.write(headings.map(\.zh))
        for entry in entries { try writer.write(cells(entry)) }
        try writer.finish()
        return bytes
    }
}
