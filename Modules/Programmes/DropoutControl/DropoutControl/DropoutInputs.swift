import Contract
import Foundation

/// The path and query inputs of dropout control's endpoints, each declared once (validation and `/openapi.json`).
enum DropoutInputs {
    static let district = QueryInput.district()
    static let term = QueryInput<Term>.custom(
        "term", "学期, 如 2026-autumn (秋季) 或 2027-spring (春季)", schema: ["type": "string", "pattern": "^[0-9]{4}-(spring|autumn)$"]
    ) { try Term.parse($0) }
    /// The month to check home teaching in; the current month when absent.
    static let month = QueryInput.month().optional
    static let limit = QueryInput.integer("limit", "每页条数", in: 1...500, default: 50)
    static let openDays = QueryInput.integer("openDays", "个案超过多少天未结", in: 1...3_650, default: 30)
    static let caseID = PathInput.uuid("id", CaseRepository.what)
    static let plan = PathInput.uuid("id", HomeTeachingRepository.plan)
    static let ledger = PathInput<ComparisonRepository.Ledger>.enumeration("ledger", .init(zh: "台账", en: "Ledger"))
}
