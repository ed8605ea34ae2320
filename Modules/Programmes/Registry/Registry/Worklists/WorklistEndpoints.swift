import Contract
import Foundation
import Hummingbird

/// Work lists per village, township or county, and the indicators of seed 003's table.
struct WorklistEndpoints {
    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/worklists/overdue", summary: .init(zh: "逾期未走访名单", en: "Overdue visits"),
                access: .permission(RegistryPermissions.childRead), inputs: [RegistryInputs.district, Self.limit],
                response: .json(WorklistRepository.Worklist.self)
            ) { _, call in
                let (district, limit) = (try call.input(RegistryInputs.district), try call.input(Self.limit))
                let today = call.clock.today()
                let list = try await call.transaction(narrowedTo: district) { connection in
                    try await WorklistRepository(context: call.context).visitsDue(
                        in: district, before: today, today: today, limit: limit, connection)
                }
                return try call.json(list)
            },
            Endpoint(
                .get, "/worklists/due-soon", summary: .init(zh: "近期应走访名单 (含逾期)", en: "Visits due soon, overdue included"),
                access: .permission(RegistryPermissions.childRead), inputs: [RegistryInputs.district, Self.days, Self.limit],
                response: .json(WorklistRepository.Worklist.self)
            ) { _, call in
                let (district, limit) = (try call.input(RegistryInputs.district), try call.input(Self.limit))
                let today = call.clock.today()
                let days = try call.input(Self.days)
                let before = call.clock.today().adding(days: days + 1)
                let list = try await call.transaction(narrowedTo: district) { connection in
                    try await WorklistRepository(context: call.context).visitsDue(
                        in: district, before: before, today: today, limit: limit, connection)
                }
                return try call.json(list)
            },
            Endpoint(
                .get, "/indicators",
                summary: .init(
                    zh: "指标: 类别与颜色分布、走访覆盖、逾期、协议签订率、儿童主任覆盖率、排查进度、应退未退积压",
                    en: "Indicators of a district subtree, as of today. visitCoverage (走访覆盖率) = files visited at least once whose"
                        + " next visit is not overdue / all files; overdueVisits = files whose next visit is before today;"
                        + " agreementSigningRate (书面照护协议签订率) = rural left-behind children with a care agreement in force /"
                        + " rural left-behind children; childDirectorCoverage (村(居)儿童主任覆盖率, seed 003) = villages with a child"
                        + " director in post / villages; a rate over no one is null."),
                access: .permission(RegistryPermissions.indicatorRead), inputs: [RegistryInputs.district],
                response: .json(WorklistRepository.Indicators.self)
            ) { _, call in
                let district = try call.input(RegistryInputs.district)
                let indicators = try await call.transaction(narrowedTo: district) { connection in
                    try await WorklistRepository(context: call.context).indicators(in: district, today: call.clock.today(), connection)
                }
                return try call.json(indicators)
            }
        ]
    }

    static let limit = QueryInput.integer("limit", "最多列出人数", in: 1...2_000, default: 200)
    static let days = QueryInput.integer("days", "未来天数", in: 1...90, default: 7)
}
