import Contract
import Foundation
import Hummingbird
import Schedules

/// `GET /api/v1/health-screening/worklist`: a township's or an institution's district's recalls or rescreens due,
/// overdue or missed, or its referrals waiting for acceptance, one keyset page at a time.
struct WorklistEndpoints {
    let worklists: WorklistRepository

    static let list = QueryInput<WorklistRepository.List>.enumeration(
        "list", "清单: recalls 召回, rescreens 复筛, referrals 待接收的转诊", default: .recalls)
    static let status = QueryInput<ScheduleItemStatus>.choice(
        "status", "召回、复筛的时限状态 (转诊清单不用)", [("due", .due), ("overdue", .overdue), ("missed", .missed)], default: "overdue")
    static let district = QueryInput.district()
    static let limit = QueryInput.integer("limit", "每页条数", in: 1...500, default: 100)

    /// A page of the list; `next` is the cursor (`after`) of the following page.
    struct Page: Codable, Sendable, DocumentedBody {
        let entries: [WorklistEntry]
        let next: UUID?

        static var examples: [Page] {
            get throws {
                [
                    Page(entries: try WorklistEntry.examples, next: try Example.uuid("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d")),
                    Page(entries: [], next: nil)
                ]
            }
        }
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/worklist",
                summary: .init(zh: "工作清单: 召回、复筛到期/逾期, 待接收的转诊", en: "Recalls and rescreens due or overdue, referrals waiting"),
                access: .permission(HealthScreeningPermissions.newbornRead),
                inputs: [Self.list, Self.status, Self.district, QueryInput.after, Self.limit], response: .json(Page.self)
            ) { _, call in
                let list = try call.input(Self.list)
                let status = try call.input(Self.status)
                let district = try call.input(Self.district)
                let after = try call.input(QueryInput.after)
                let limit = try call.input(Self.limit)
                let now = call.clock.now()
                let entries = try await call.transaction { connection in
                    try await worklists.entries(
                        list, status: status, in: district, after: after, limit: limit + 1, now: now, on: connection)
                }
                let page = Array(entries.prefix(limit))
                return try call.json(Page(entries: page, next: entries.count > limit ? page.last?.id : nil))
            }
        ]
    }
}
