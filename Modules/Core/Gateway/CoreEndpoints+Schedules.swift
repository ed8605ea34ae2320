import Contract
import Foundation
import Hummingbird
import Schedules

/// 日程工作清单 — `GET /api/v1/schedule-items`: the schedule engine's open items due, overdue or missed in a district's
/// subtree, for every programme whose schedules the caller may read there. Each schedule names its read permission
/// (`ScheduleDeclaration.readPermission`, stored on every item): the caller sees the items of the schedules whose read
/// permission one of their roles grants in the district; a district where they hold none is a 404, as if it did not
/// exist.
extension CoreEndpoints {
    static let scheduleDistrict = QueryInput.district("district", "12 位统计用区划代码 (须在调用者对日程阅读权限的管辖范围内)", scoped: false)
    static let scheduleStatus = QueryInput<ScheduleItemStatus>.choice(
        "status", "due 待办 / overdue 逾期 / missed 已过期未办", [("due", .due), ("overdue", .overdue), ("missed", .missed)],
        default: "overdue")
    static let scheduleID = QueryInput.text("schedule", "日程 id, 如 health-screening.checkups", maxLength: 120).optional
    static let scheduleLimit = QueryInput.integer("limit", "每页条数", in: 1...500, default: 50)

    func scheduleEndpoints() -> [Endpoint] {
        [
            Endpoint(
                .get, "/schedule-items",
                summary: .init(zh: "日程工作清单: 辖区内待办、逾期、过期未办的日程项", en: "Schedule items due, overdue or missed in a district"),
                access: .signedIn,
                inputs: [Self.scheduleDistrict, Self.scheduleStatus, Self.scheduleID, QueryInput.after, Self.scheduleLimit],
                response: .json(ScheduleItemPage.self)
            ) { _, call in
                let district = try call.input(Self.scheduleDistrict)
                let readable = Set(call.context.roles.roles.values.flatMap(\.permissions)).filter { call.holds($0, in: district) }
                guard !readable.isEmpty else { throw Problem.notFound(.init(zh: "区划 \(district) ", en: "District \(district)")) }
                let filter = ScheduleWorklist.Filter(
                    district: district, status: try call.input(Self.scheduleStatus), schedule: try call.input(Self.scheduleID),
                    permissions: readable.map(\.name).sorted(), after: try call.input(QueryInput.after),
                    limit: try call.input(Self.scheduleLimit),
                    now: call.clock.now())
                let settings =
                    [("tonghu.scope", DistrictScope([district]).multirange)]
                    + AuditLog.attribution(actor: call.actor, request: call.requestID)
                    + [("statement_timeout", "30s")]
                let page = try await call.context.database.transaction(settings: settings) { connection in
                    try await ScheduleWorklist(logger: call.context.logger).page(filter, on: connection)
                }
                return try call.json(ScheduleItemPage(items: page.items.map { ScheduleWorkItem($0, at: filter.now) }, next: page.next))
            }
        ]
    }
}

/// One page of the schedule work list.
struct ScheduleItemPage: DocumentedBody {
    let items: [ScheduleWorkItem]
    /// Pass as `after` for the next page; absent on the last.
    let next: UUID?

    static var examples: [ScheduleItemPage] {
        get throws {
            [
                ScheduleItemPage(items: try ScheduleWorkItem.examples, next: try Example.uuid("0193A4B2-7C1D-7E2F-8A3B-4C5D6E7F8091")),
                ScheduleItemPage(items: [], next: nil)
            ]
        }
    }
}

/// An open item as the work list shows it: no name or ID number, the child's id to open its file.
struct ScheduleWorkItem: DocumentedBody, Decodable {
    let id: UUID
    let schedule: String
    let item: String
    let occurrence: Int
    let group: String?
    let required: Bool
    let subject: String
    let child: UUID?
    let district: String
    let dueFrom: Date
    let dueBy: Date
    let expires: Date
    let status: ScheduleItemStatus

    init(_ item: ScheduledItem, at now: Date) {
        id = item.id
        schedule = item.schedule
        self.item = item.item
        occurrence = item.occurrence
        group = item.group
        required = item.required
        subject = item.subject
        child = item.child
        district = String(item.district)
        dueFrom = item.dueFrom
        dueBy = item.dueBy
        expires = item.expires
        status = item.status(at: now) ?? .missed
    }

    static var examples: [ScheduleWorkItem] {
        get throws {
            [
                try Self.decoded(
                    """
                    {"id": "0193A4B2-7C1D-7E2F-8A3B-4C5D6E7F8091", "schedule": "health-screening.checkups", "item": "month-3",
                     "occurrence": 1, "group": "month-3", "required": true, "subject": "6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B",
                     "child": "6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B", "district": "320412100201",
                     "dueFrom": "2026-10-15T16:00:00Z", "dueBy": "2026-11-15T16:00:00Z", "expires": "2027-01-31T16:00:00Z",
                     "status": "overdue"}
                    """)
            ]
        }
    }
}
