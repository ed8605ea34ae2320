import Contract
import Foundation
import Hummingbird

/// `GET /indicators?district=CODE&term=…` — the reporting indicators of a district subtree and term.
struct IndicatorEndpoints {
    let context: ProgrammeContext

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/indicators",
                summary: .init(
                    zh: "控辍保学指标: 三本台账、超期个案、劝返次数、复学率、书面报告、送教上门达标、是否动态清零",
                    en: "Dropout-control indicators"),
                access: .permission(DropoutPermissions.indicatorRead),
                inputs: [DropoutInputs.district, DropoutInputs.term, DropoutInputs.openDays, DropoutInputs.month],
                response: .json(Indicators.self)
            ) { _, call in
                let district = try call.input(DropoutInputs.district)
                let term = try call.input(DropoutInputs.term)
                let openDays = try call.input(DropoutInputs.openDays)
                let today = call.clock.today()
                let month = try call.input(DropoutInputs.month) ?? HomeTeachingEndpoints.month(of: today)
                let indicators = try await call.transaction {
                    try await IndicatorRepository(context: context).read(
                        district: district, term: term, openDays: openDays, month: month, today: today, $0)
                }
                return try call.json(indicators)
            }
        ]
    }
}
