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
                let result = try await Self.run(comparisons, district: district, term: try Term.parse(body.term), call: call)
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
                let entries = try await Self.read(ledgers, ledger, page, call: call)
                return try call.json(
                    LedgerPage(ledger: ledger.rawValue, entries: entries, next: entries.count == page.limit ? entries.last?.id : nil))
            }
        ]
    }

    /// Runs the comparison in one audited transaction (the API's route and the console's form).
    static func run(_ comparisons: ComparisonRepository, district: DistrictCode, term: Term, call: Call) async throws
        -> ComparisonRepository.Result
    {
        let today = call.clock.today()
        return try await call.transaction { connection in
            let result = try await comparisons.run(district: district, term: term, by: call.actor, today: today, connection)
            try await call.audit("comparison.run", entity: "comparison", entityID: result.id.uuidString, on: connection)
            return result
        }
    }

    /// One page of a ledger, each child shown an audited read.
    static func read(_ ledgers: LedgerRepository, _ ledger: ComparisonRepository.Ledger, _ page: LedgerRepository.Page, call: Call)
        async throws -> [LedgerRepository.Entry]
    {
        let entries = try await call.transaction { try await ledgers.entries(ledger, page, $0) }
        for entry in entries where entry.child != nil {
            call.auditRead("ledger.read", entity: ledger.rawValue, entityID: entry.id.uuidString, child: entry.child)
        }
        return entries
    }
}

struct LedgerPage: Encodable {
    let ledger: String
    let entries: [LedgerRepository.Entry]
    /// Pass as `after` for the next page; absent on the last page.
    let next: UUID?
}
