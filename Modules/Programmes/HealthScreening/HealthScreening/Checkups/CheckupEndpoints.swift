import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `/api/v1/health-screening/newborns/{id}/checkups`: a child's 0–6 check-up schedule with its eye checks, and recording
/// one encounter (once) by the township health centre or the county 妇幼.
struct CheckupEndpoints {
    let checkups: CheckupRepository

    static let newborn = PathInput.uuid("id", .init(zh: "新生儿", en: "Newborn"))
    static let what = Localized(zh: "新生儿", en: "Newborn")

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/newborns/{id}/checkups", summary: .init(zh: "0–6 岁健康检查与眼保健: 各次时限、完成情况与记录", en: "Check-ups and eye checks"),
                access: .permission(HealthScreeningPermissions.newbornRead), inputs: [Self.newborn], response: .json(CheckupFile.self)
            ) { _, call in
                let id = try call.input(Self.newborn)
                return try call.json(try await call.transaction { try await file(id, call: call, on: $0) })
            },
            Endpoint(
                .post, "/newborns/{id}/checkups",
                summary: .init(zh: "登记一次健康检查 (同次眼保健一并登记; 每次只登记一次)", en: "Record a check-up and its eye check"),
                access: .permission(HealthScreeningPermissions.checkupRecord), inputs: [Self.newborn], request: CheckupRecord.schema,
                response: .json(CheckupFile.self, .created)
            ) { request, call in
                let id = try call.input(Self.newborn)
                let body = try await call.decode(CheckupRecord.self, from: request)
                let recorded = try await call.transaction { connection in
                    guard
                        let bornAt = try await connection.query(
                            "SELECT born_at FROM health_screening.newborns WHERE id = \(id)", logger: checkups.context.logger
                        ).decode(Date.self).first()
                    else { throw Problem.notFound(Self.what) }
                    let record = try body.validated(bornOn: CalendarDate.today(bornAt), today: call.clock.today())
                    _ = try await checkups.record(record, newborn: id, by: call.actor, on: connection)
                    try await call.audit("checkup.record", entity: "newborn", entityID: id.uuidString, on: connection)
                    return try await file(id, call: call, on: connection)
                }
                return try call.json(recorded, status: .created)
            }
        ]
    }

    /// Findings only for a caller who records check-ups or reads diagnoses where the newborn is followed or was born.
    func file(_ id: UUID, call: Call, on connection: PostgresConnection) async throws -> CheckupFile {
        let file = try await checkups.file(
            id, at: call.clock.now(),
            withFindings: { district, birth in
                call.mayReadDetails(of: district, birth) || call.holds(HealthScreeningPermissions.checkupRecord, in: district)
            }, on: connection)
        guard let file else { throw Problem.notFound(Self.what) }
        return file
    }
}
