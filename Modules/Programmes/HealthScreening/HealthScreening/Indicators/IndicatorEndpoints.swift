import Contract
import Foundation
import Hummingbird

/// `GET /api/v1/health-screening/indicators?district=&from=&to=`: a district's screening indicators over a period, each
/// formula in the operation's description (`ScreeningIndicators.formulas`). A district outside the caller's scope is a 404.
struct IndicatorEndpoints {
    let indicators: IndicatorRepository

    static let district = QueryInput.district()
    static let from = QueryInput.date("from", "出生 (转介) 日期自, 含")
    static let to = QueryInput.date("to", "出生 (转介) 日期至, 含")

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/indicators",
                summary: .init(
                    zh: "筛查指标 (按区划与期间)", en: "Screening indicators of a district and period.\n\n" + ScreeningIndicators.formulas),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.district, Self.from, Self.to],
                response: .json(ScreeningIndicators.self)
            ) { _, call in
                let district = try call.input(Self.district)
                let from = try call.input(Self.from)
                let to = try call.input(Self.to)
                guard from <= to else { throw Problem.invalid("to", "to 不能早于 from", "to must not be before from") }
                return try call.json(
                    try await call.transaction { try await indicators.indicators(in: district, from: from, to: to, on: $0) })
            }
        ]
    }
}
