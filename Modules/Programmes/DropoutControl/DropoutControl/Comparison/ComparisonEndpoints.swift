import Contract
import Foundation
import Hummingbird

/// `POST /comparisons` and `GET /ledgers/{ledger}` — 四查三比对 and the three ledgers.
struct ComparisonEndpoints {
    let context: ProgrammeContext

    struct Body: Decodable {
        let district: String
        let term: String
    }

    var endpoints: [Endpoint] {
        let comparisons = ComparisonRepository(context: context)
        let ledgers = LedgerRepository(context: context)
        return [
            Endpoint(
                .post, "/comparisons",
                summary: .init(zh: "比对关注名单与学籍库快照, 生成三本台账 (返回各台账人数与比对编号)", en: "Compare watched children with the enrolment snapshot"),
                access: .permission(DropoutPermissions.comparisonRun),
                request: .objectSchema(
                    ["district": .districtCodeSchema, "term": .stringSchema("学期, 如 2026-autumn")], required: ["district", "term"]),
                response: .json(ComparisonRepository.Result.self, .created)
            ) { request, call in
                let body = try await call.decode(Body.self, from: request)
                let district = try call.requireInScope(try BodyInput.district(body.district, "district"))
                let term = try Term.parse(body.term)
                let today = call.clock.today()
                let result = try await call.transaction { connection in
                    let result = try await comparisons.run(district: district, term: term, by: call.actor, today: today, connection)
                    try await call.audit("comparison.run", entity: "comparison", entityID: result.id.uuidString, on: connection)
                    return result
                }
                return try call.json(result, status: .created)
            },
            Endpoint(
                .get, "/ledgers/{ledger}",
                summary: .init(
                    zh: "台账: out-of-school (适龄失学) / suspected-dropout (疑似辍学) / dropout (辍学); 键集分页",
                    en: "A ledger, keyset-paginated"),
                access: .permission(DropoutPermissions.ledgerRead),
                inputs: [DropoutInputs.ledger, DropoutInputs.district, DropoutInputs.term, QueryInput.after, DropoutInputs.limit],
                response: .json(LedgerPage.self)
            ) { _, call in
                let ledger = try call.input(DropoutInputs.ledger)
                let page = LedgerRepository.Page(
                    district: try call.input(DropoutInputs.district), term: try call.input(DropoutInputs.term),
                    after: try call.input(QueryInput.after), limit: try call.input(DropoutInputs.limit))
                let entries = try await call.transaction { try await ledgers.entries(ledger, page, $0) }
                for entry in entries where entry.child != nil {
                    call.auditRead("ledger.read", entity: ledger.rawValue, entityID: entry.id.uuidString, child: entry.child)
                }
                return try call.json(
                    LedgerPage(ledger: ledger.rawValue, entries: entries, next: entries.count == page.limit ? entries.last?.id : nil))
            }
        ]
    }
}

struct LedgerPage: Encodable {
    let ledger: String
    let entries: [LedgerRepository.Entry]
    /// Pass as `after` for the next page; absent on the last page.
    let next: UUID?
}
