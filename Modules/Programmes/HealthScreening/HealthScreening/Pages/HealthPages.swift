import Contract
import Foundation
import Hummingbird

/// 健康筛查的工作台页面 — health screening's console pages: the recall work list (召回、复筛、待接收的转诊), a screening
/// chain with every link's deadline and whether it was kept, recording a screening result on a chain, and the
/// indicators of a district and period. Each goes through the same repositories, row-level security and audit as the
/// API's routes; laboratory values and diagnoses reach only a caller with `health-screening.diagnosis.read`.
struct HealthPages {
    let context: ProgrammeContext

    static let prefix = "/" + HealthScreeningProgramme.id
    static let worklistTitle = Localized(zh: "召回工作清单", en: "Recall work list")
    static let chainTitle = Localized(zh: "筛查链", en: "Screening chain")
    static let resultTitle = Localized(zh: "登记筛查结果", en: "Record a result")
    static let indicatorsTitle = Localized(zh: "筛查指标", en: "Screening indicators")

    /// The district a page shows when none is asked: the caller's own where their roles grant `newborn.read`.
    static let district = QueryInput.district().optional
    static let from = IndicatorEndpoints.from.optional
    static let to = IndicatorEndpoints.to.optional
    /// A result form's fields: the state, when it happened (the console's `datetime-local`, Beijing time, or RFC 3339)
    /// and the laboratory value.
    static let state = QueryInput.text("state", "筛查结果", maxLength: 20)
    static let occurredAt = QueryInput.text("occurredAt", "结果时间 (北京时间)", maxLength: 40)
    static let detail = QueryInput.text("detail", "检测值 (敏感信息)", maxLength: 2_000).optional

    var pages: [Page] {
        let worklists = WorklistRepository(context: context)
        let chains = ChainRepository(context: context)
        let indicators = IndicatorRepository(context: context)
        // The result form, also the page a refused result is shown again on.
        let resultForm: @Sendable (Request, PageCall) async throws -> PageResult = { _, page in
            let id = try page.call.input(ChainEndpoints.chain)
            let chain = try await page.call.transaction { try await ChainEndpoints(chains: chains).view(id, call: page.call, on: $0) }
            return .content(resultPage(page, chain))
        }
        return [
            Page(
                .get, "/worklist", title: Self.worklistTitle, access: .permission(HealthScreeningPermissions.newbornRead),
                navigation: .init(Self.worklistTitle, order: 10),
                inputs: [WorklistEndpoints.list, WorklistEndpoints.status, Self.district, QueryInput.after, WorklistEndpoints.limit]
            ) { _, page in
                .content(try await worklist(page, worklists))
            },
            Page(
                .get, "/chains/{id}", title: Self.chainTitle, access: .permission(HealthScreeningPermissions.newbornRead),
                inputs: [ChainEndpoints.chain]
            ) { _, page in
                let id = try page.call.input(ChainEndpoints.chain)
                let chain = try await page.call.transaction { try await ChainEndpoints(chains: chains).view(id, call: page.call, on: $0) }
                return .content(chainPage(page, chain))
            },
            Page(
                .get, "/chains/{id}/results", title: Self.resultTitle, access: .permission(HealthScreeningPermissions.screeningRecord),
                inputs: [ChainEndpoints.chain], handler: resultForm),
            Page(
                .post, "/chains/{id}/results", title: Self.resultTitle, access: .permission(HealthScreeningPermissions.screeningRecord),
                inputs: [ChainEndpoints.chain, Self.state, Self.occurredAt, Self.detail]
            ) { _, page in
                let id = try page.call.input(ChainEndpoints.chain)
                try await recordResult(page, chain: id, chains)
                return .redirect(Self.prefix + "/chains/\(id)")
            },
            Page(
                .get, "/indicators", title: Self.indicatorsTitle, access: .permission(HealthScreeningPermissions.newbornRead),
                navigation: .init(Self.indicatorsTitle, order: 20), inputs: [Self.district, Self.from, Self.to]
            ) { _, page in
                .content(try await indicatorsPage(page, indicators))
            }
        ]
    }

    /// The district asked for (within the caller's scope), else the caller's first district granting `permission`.
    static func chosenDistrict(_ page: PageCall, _ permission: Permission) throws -> DistrictCode {
        try page.call.input(Self.district) ?? page.call.ownDistrict(granting: permission)
    }

    /// Whether the caller's roles grant `permission` in any district.
    static func mayAnywhere(_ page: PageCall, _ permission: Permission) -> Bool {
        page.call.principal?.grants.contains { page.call.context.roles.grants($0.role, permission) } ?? false
    }

    /// An instant as shown on the pages: Beijing time, to the minute.
    static func shown(_ instant: Date?) -> String {
        guard let instant else { return "—" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }
}
