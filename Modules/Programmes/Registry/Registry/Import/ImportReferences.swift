import Contract
import Foundation
import PostgresNIO

/// What checking and opening files needs from the database, looked up once per district for the whole import: which
/// district codes are in force, and each residence district's risk scheme and derivation rules.
struct ImportReferences: Sendable {
    let files: FileRepository
    let database: Database
    let today: CalendarDate
    private var inForce: Set<Int64> = []
    private var notInForce: Set<Int64> = []
    private var policies: [Int64: (scheme: RiskScheme, rules: DerivationRules)] = [:]

    init(files: FileRepository, database: Database, today: CalendarDate) {
        self.files = files
        self.database = database
        self.today = today
    }

    /// Looks up the districts of `rows` not seen before, and the policy of each residence district in force not seen before.
    mutating func load(for rows: [ImportRow]) async throws {
        let codes = Set(rows.flatMap { [$0.child.residence.value, $0.child.hukou.value] }).subtracting(inForce).subtracting(notInForce)
        let residences = Set(rows.map(\.child.residence)).filter { policies[$0.value] == nil && !notInForce.contains($0.value) }
        guard !codes.isEmpty || !residences.isEmpty else { return }
        let (files, today, inForce) = (files, today, inForce)
        let (found, loaded) = try await database.withConnection { connection in
            let found =
                codes.isEmpty
                ? []
                : Set(
                    try await connection.query(
                        "SELECT code FROM core.districts WHERE valid_to IS NULL AND code = ANY(\(Array(codes)))", logger: files.logger
                    ).decode(Int64.self).collect())
            var loaded: [Int64: (scheme: RiskScheme, rules: DerivationRules)] = [:]
            for code in residences where inForce.contains(code.value) || found.contains(code.value) {
                loaded[code.value] = (
                    try await files.scheme(for: code, on: today, connection), try await files.rules(for: code, on: today, connection)
                )
            }
            return (found, loaded)
        }
        self.inForce.formUnion(found)
        notInForce.formUnion(codes.subtracting(found))
        policies.merge(loaded) { first, _ in first }
    }

    /// The row's first district that does not exist or was retired, as the row's problem.
    func unknownDistrict(_ row: ImportRow) -> Problem? {
        for (code, field) in [(row.child.residence, "residenceDistrict"), (row.child.hukou, "hukouDistrict")]
        where !inForce.contains(code.value) {
            return Problem.invalid(field, "区划 \(code) 不存在或已撤销", "\(field): district \(code) does not exist or was retired", row: row.line)
        }
        return nil
    }

    /// The policy of a residence district in force (loaded by `load(for:)`).
    func policy(for residence: DistrictCode) -> (scheme: RiskScheme, rules: DerivationRules) {
        policies[residence.value]!
    }
}
