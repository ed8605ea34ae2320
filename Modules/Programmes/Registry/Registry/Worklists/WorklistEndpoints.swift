import Contract
import Foundation
import Hummingbird

/// Work lists per village, township or county, and the indicators of seed 003's table.
struct WorklistEndpoints {
    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/worklists/overdue", summary: .init(zh: "逾期未走访名单", en: "Overdue visits"),
                access: .permission(RegistryPermissions.childRead), query: ["district", "limit"]
            ) { request, call in
                let (district, limit) = try Self.district(request, call)
                let today = CalendarDate.today()
                let list = try await call.transaction(narrowedTo: district) { connection in
                    try await WorklistRepository(context: call.context).visitsDue(
                        in: district, before: today, today: today, limit: limit, connection)
                }
                return try call.json(list)
            },
            Endpoint(
                .get, "/worklists/due-soon", summary: .init(zh: "近期应走访名单 (含逾期)", en: "Visits due soon, overdue included"),
                access: .permission(RegistryPermissions.childRead), query: ["district", "days", "limit"]
            ) { request, call in
                let (district, limit) = try Self.district(request, call)
                let today = CalendarDate.today()
                let days = try Input.integer(request.uri.queryParameters, "days", 1...90) ?? 7
                let before = CalendarDate.today().adding(days: days + 1)
                let list = try await call.transaction(narrowedTo: district) { connection in
                    try await WorklistRepository(context: call.context).visitsDue(
                        in: district, before: before, today: today, limit: limit, connection)
                }
                return try call.json(list)
            },
            Endpoint(
                .get, "/indicators", summary: .init(zh: "指标: 类别与颜色分布、走访覆盖、逾期、协议签订率、儿童主任覆盖率、排查进度、应退未退积压", en: "Indicators"),
                access: .permission(RegistryPermissions.indicatorRead), query: ["district"]
            ) { request, call in
                let (district, _) = try Self.district(request, call)
                let indicators = try await call.transaction(narrowedTo: district) { connection in
                    try await WorklistRepository(context: call.context).indicators(in: district, today: .today(), connection)
                }
                return try call.json(indicators)
            }
        ]
    }

    /// The `district` parameter (required) and `limit`.
    static func district(_ request: Request, _ call: Call) throws -> (DistrictCode, Int) {
        guard let text = request.uri.queryParameters.get("district") else {
            throw Problem.invalid("district", "请给出 district (12 位区划代码)", "district is required")
        }
        return (try Input.district(text, field: "district"), try Input.integer(request.uri.queryParameters, "limit", 1...2_000) ?? 200)
    }
}
