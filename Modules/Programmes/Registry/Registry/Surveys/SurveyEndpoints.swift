import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/registry/survey-rounds…` — 一年两排: open a round for a district's subtree, record each child's check,
/// follow progress per district and the children not yet checked.
struct SurveyEndpoints {
    let surveys: SurveyRepository
    static let round = Localized(zh: "排查轮次", en: "Survey round")

    struct Opening: Decodable {
        let district: String
        let title: String
        let opensOn: CalendarDate
        let closesOn: CalendarDate
    }

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/survey-rounds", summary: .init(zh: "开启一轮摸底排查 (一年两排)", en: "Open a survey round for a district's subtree"),
                access: .permission(RegistryPermissions.surveyManage),
                request: .objectSchema(
                    [
                        "district": .districtCodeSchema, "title": .stringSchema("如 2026 年下半年摸底排查"),
                        "opensOn": .stringSchema("开始日期", format: "date"), "closesOn": .stringSchema("截止日期", format: "date")
                    ],
                    required: ["district", "title", "opensOn", "closesOn"]),
                response: .json(SurveyRound.self, .created)
            ) { request, call in
                let opening = try await call.decode(Opening.self, from: request)
                let district = try BodyInput.district(opening.district, "district")
                guard call.scope.contains(district) else {
                    throw Problem.invalid("district", "该区划不在您的管辖范围内", "the district is outside your scope")
                }
                let title = try BodyInput.text(opening.title, "title")
                guard opening.closesOn >= opening.opensOn else {
                    throw Problem.invalid("closesOn", "截止日期不能早于开始日期", "closesOn is before opensOn")
                }
                let round = try await call.transaction { connection in
                    let round = try await surveys.open(
                        district: district, title: title, opensOn: opening.opensOn, closesOn: opening.closesOn, by: call.actor, connection)
                    try await call.audit("survey-round.open", entity: "survey-round", entityID: String(round.id), on: connection)
                    return round
                }
                return try call.json(round, status: .created)
            },
            Endpoint(
                .get, "/survey-rounds", summary: .init(zh: "覆盖本辖区的排查轮次", en: "Survey rounds covering your districts"),
                access: .permission(RegistryPermissions.childRead), inputs: [Self.roundLimit], response: .json(SurveyRounds.self)
            ) { _, call in
                let limit = try call.input(Self.roundLimit)
                return try call.json(SurveyRounds(rounds: try await call.transaction { try await surveys.list(limit: limit, $0) }))
            },
            Endpoint(
                .get, "/survey-rounds/{id}/progress", summary: .init(zh: "排查进度 (按下一级区划)", en: "Progress of a round per district"),
                access: .permission(RegistryPermissions.indicatorRead), inputs: [Self.id, Self.district],
                response: .json(SurveyProgress.self)
            ) { _, call in
                let id = try call.input(Self.id)
                let district = try call.input(Self.district)
                let progress = try await call.transaction(narrowedTo: district) { connection in
                    let round = try await Self.round(id, surveys, connection)
                    return try await surveys.progress(of: round, in: district ?? round.district, connection)
                }
                return try call.json(progress)
            },
            Endpoint(
                .get, "/survey-rounds/{id}/unchecked", summary: .init(zh: "本轮尚未排查的儿童", en: "Children not yet checked in a round"),
                access: .permission(RegistryPermissions.childRead),
                inputs: [Self.id, Self.district, QueryInput.after, RegistryInputs.limit],
                response: .json(RosterPage.self)
            ) { _, call in
                let id = try call.input(Self.id)
                let district = try call.input(Self.district)
                let after = try call.input(QueryInput.after)
                let limit = try call.input(RegistryInputs.limit)
                let page = try await call.transaction(narrowedTo: district) { connection in
                    let round = try await Self.round(id, surveys, connection)
                    return try await surveys.unchecked(
                        in: round, district: district ?? round.district, after: after, limit: limit, connection)
                }
                return try call.json(RosterPage(children: page, next: page.count == limit ? page.last?.id : nil))
            },
            Endpoint(
                .post, "/survey-rounds/{id}/checks", summary: .init(zh: "登记一名儿童的排查结果", en: "Record a child's check in a round"),
                access: .permission(RegistryPermissions.visitRecord), inputs: [Self.id],
                request: .objectSchema(
                    [
                        "child": .stringSchema("儿童编号"),
                        "outcome": .stringSchema(SurveyCheck.Outcome.allCases.map(\.rawValue).joined(separator: " / ")),
                        "note": .stringSchema("备注"), "checkedOn": .stringSchema("排查日期 (默认今天)", format: "date")
                    ],
                    required: ["child", "outcome"]),
                response: .noContent
            ) { request, call in
                let id = try call.input(Self.id)
                let check = try await call.decode(SurveyCheck.self, from: request)
                let today = call.clock.today()
                let date = check.checkedOn ?? today
                guard date <= today else { throw Problem.invalid("checkedOn", "排查日期不能在未来", "checkedOn cannot be in the future") }
                try await call.transaction { connection in
                    let round = try await Self.round(id, surveys, connection)
                    guard (round.opensOn...round.closesOn).contains(date) else {
                        throw Problem.invalid(
                            "checkedOn", "排查日期应在本轮 \(round.opensOn) 至 \(round.closesOn) 之间", "checkedOn is outside the round's dates")
                    }
                    try await surveys.record(check, in: round, on: date, by: call.actor, connection)
                    try await call.audit("survey.check", entity: "survey-round", entityID: String(id), child: check.child, on: connection)
                }
                return Response(status: .noContent)
            }
        ]
    }

    static let id = RegistryInputs.number(round)
    static let district = QueryInput.district().optional
    static let roundLimit = QueryInput.integer("limit", "最多列出轮次", in: 1...100, default: 20)

    static func round(_ id: Int64, _ surveys: SurveyRepository, _ connection: PostgresConnection) async throws -> SurveyRound {
        guard let round = try await surveys.find(id, connection) else { throw Problem.notFound(Self.round) }
        return round
    }
}
