import Contract
import Foundation
import PostgresNIO

/// The SQL of disability screening referrals, on the connection it is given (under the caller's scope).
struct ReferralRepository: Sendable {
    let context: ProgrammeContext

    static let columns = """
        id, child_id, disability, step, to_institution, to_institution_id, to_district, state, reason, result, finding, result_finding, referred_at, district
        """
    typealias Row = (
        UUID, UUID, Referral.Disability, ReferralStep, String, UUID?, DistrictCode, Referral.State, String?, String?, String?, String?,
        Date,
        DistrictCode
    )

    /// 已确诊残疾 — what the child's file shows everywhere once a diagnostic assessment confirms a disability: the fact, not
    /// the diagnosis (civil affairs sees that the child may be a 困境儿童, never the health record).
    static func confirmedStatus(since: CalendarDate, child: UUID) -> ChildStatus {
        ChildStatus(
            programme: HealthScreeningProgramme.id, code: "disability-confirmed",
            title: .init(zh: "经残疾筛查诊断评估确认残疾", en: "Disability confirmed by screening and diagnostic assessment"), since: since,
            severity: .warning, link: "/api/v1/health-screening/children/\(child)/referrals")
    }

    /// Refers `child` (in the caller's scope, residing in `district`) to the next step of its ladder for `disability`: a
    /// rescreen needs the first screen's finding, a later step the previous one completed positive (or approved); a child
    /// has at most one open referral per disability (409).
    func refer(
        _ request: ReferralRequest, toDistrict: DistrictCode, institution: String, record: UUID?, finding: String?, district: DistrictCode,
        by actor: String,
        on connection: PostgresConnection
    ) async throws -> UUID {
        let ladder = try await connection.query(
            """
            SELECT step, state, result FROM health_screening.referrals WHERE child_id = \(request.child) AND disability = \(request.disability.rawValue)
            """, logger: context.logger
        ).decode((ReferralStep, Referral.State, String?).self).collect()
        if ladder.contains(where: { $0.1 == .referred || $0.1 == .accepted }) {
            throw Problem.stateConflict("该儿童此类残疾已有待处理的转介", "the child has an open referral for this disability")
        }
        if let previous = request.step.previous {
            guard ladder.contains(where: { $0.0 == previous && $0.1 == .completed && ["positive", "approved"].contains($0.2 ?? "") }) else {
                throw Problem.stateConflict("须先完成上一环节并为阳性", "the previous step must be completed with a positive result")
            }
        } else if finding == nil {
            throw Problem.invalid("finding", "转介复筛须填写初筛所见", "finding (the first screen's) is required for a rescreen")
        }
        let id = UUID()
        try await connection.run(
            """
            INSERT INTO health_screening.referrals (id, child_id, district, to_district, disability, step, to_institution, to_institution_id, finding, state,
                referred_by, referred_at)
            VALUES (\(id), \(request.child), \(district), \(toDistrict), \(request.disability.rawValue), \(request.step.rawValue), \(institution),
                \(record), \(finding), 'referred', \(actor), \(context.clock.now()))
            """, logger: context.logger)
        return id
    }

    /// The receiving institution's decision on a referral still waiting for it; `false` when the referral is not visible.
    func decide(_ id: UUID, accepted: Bool, reason: String?, by actor: String, on connection: PostgresConnection) async throws -> Bool {
        guard let state = try await lock(id, on: connection)?.state else { return false }
        guard state == .referred else { throw Problem.stateConflict("该转介已处理", "the referral has been decided already") }
        try await connection.run(
            """
            UPDATE health_screening.referrals SET state = \(accepted ? "accepted" : "rejected"), reason = \(reason), decided_by = \(actor),
                decided_at = \(context.clock.now()) WHERE id = \(id)
            """, logger: context.logger)
        return true
    }

    /// The result of an accepted referral; a positive diagnostic assessment publishes `disability-confirmed` on the child
    /// status feed in the same transaction. `false` when the referral is not visible.
    func complete(_ id: UUID, result: String, finding: String?, on connection: PostgresConnection) async throws -> Bool {
        guard let (state, step, child, district) = try await lock(id, on: connection) else { return false }
        guard state == .accepted else { throw Problem.stateConflict("接收机构尚未接收该转介", "the referral has not been accepted") }
        guard step.results.contains(result) else {
            throw Problem.invalid("result", "结果应为 \(step.results.joined(separator: "/"))", "result must be one of \(step.results)")
        }
        let now = context.clock.now()
        try await connection.run(
            """
            UPDATE health_screening.referrals SET state = 'completed', result = \(result), result_finding = \(finding), completed_at = \(now)
            WHERE id = \(id)
            """, logger: context.logger)
        if step == .diagnosis, result == "positive" {
            try await context.childStatuses.set(
                Self.confirmedStatus(since: CalendarDate.today(now), child: child), of: child, district: district, on: connection)
        }
        return true
    }

    private func lock(_ id: UUID, on connection: PostgresConnection) async throws -> (
        state: Referral.State, step: ReferralStep, child: UUID, district: DistrictCode
    )? {
        try await connection.query(
            "SELECT state, step, child_id, district FROM health_screening.referrals WHERE id = \(id) FOR UPDATE", logger: context.logger
        ).decode((Referral.State, ReferralStep, UUID, DistrictCode).self).collect().first.map { ($0.0, $0.1, $0.2, $0.3) }
    }

    /// The referral, findings only when `withDetails` says so for its districts.
    func referral(_ id: UUID, withDetails: (DistrictCode, DistrictCode) -> Bool, on connection: PostgresConnection) async throws
        -> Referral?
    {
        try await referrals("id = \(id)", withDetails: withDetails, on: connection).first
    }

    /// The child's referrals the connection may see, oldest first.
    func referrals(of child: UUID, withDetails: (DistrictCode, DistrictCode) -> Bool, on connection: PostgresConnection) async throws
        -> [Referral]
    {
        try await referrals("child_id = \(child) ORDER BY referred_at, id", withDetails: withDetails, on: connection)
    }

    private func referrals(_ condition: PostgresQuery, withDetails: (DistrictCode, DistrictCode) -> Bool, on connection: PostgresConnection)
        async throws -> [Referral]
    {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM health_screening.referrals WHERE ")
        query.sql += condition.sql
        query.binds = condition.binds
        return try await connection.query(query, logger: context.logger).decode(Row.self).collect().map { row in
            let details = withDetails(row.13, row.6)
            return Referral(
                id: row.0, child: row.1, disability: row.2, step: row.3, toInstitution: row.4, institution: row.5, toDistrict: row.6,
                state: row.7, reason: row.8, result: row.9, finding: details ? row.10 : nil, resultFinding: details ? row.11 : nil,
                referredAt: row.12)
        }
    }
}
