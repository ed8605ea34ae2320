import Contract
import Foundation
import HealthScreeningInterface
import PostgresNIO

/// The SQL of newborns, their link attempts and chains. Queries run on the connection they are given: `Call.transaction`'s,
/// under the caller's scope and row-level security (no query filters by scope itself), or the owner's for admin commands.
struct NewbornRepository: Sendable {
    let context: ProgrammeContext

    /// The field bound into every sealed mother's ID number.
    static let motherIDField = "health-screening.newborns.mother_id_number"
    static let motherIDs = SealedColumn(
        table: "health_screening.newborns", row: "id", rowType: "uuid", cipher: "mother_id_cipher", keyID: "mother_id_key",
        field: motherIDField)

    static let columns = """
        n.id, n.district, n.birth_district, n.mother_id_masked, n.born_at, n.sex, n.birth_order, n.hospital, n.hospital_record, n.child_id
        """
    typealias Row = (UUID, DistrictCode, DistrictCode, String, Date, String, Int, String, String, UUID?)

    /// Registers the newborn with one open chain per condition in force (`conditions`), their deadlines and its check-ups
    /// planned, and publishes `health-screening.newborn.registered`; a second record of the same birth or hospital record
    /// is a 409.
    func register(
        _ newborn: NewbornRegistration.Validated, conditions: [Condition], by actor: String, on connection: PostgresConnection
    ) async throws -> UUID {
        let keyring = context.children.keyring.current
        let sealed = keyring.seal(newborn.mother.value, field: Self.motherIDField)
        let rows = try await connection.query(
            """
            INSERT INTO health_screening.newborns (district, birth_district, mother_id_index, mother_id_cipher, mother_id_key, mother_id_masked,
                born_at, sex, birth_order, hospital, hospital_record, arrived_at, registered_by, registered_at)
            VALUES (\(newborn.district), \(newborn.birthDistrict), \(keyring.blindIndex(newborn.mother)), \(sealed.ciphertext), \(sealed.keyID),
                \(newborn.mother.masked), \(newborn.bornAt), \(newborn.sex.rawValue), \(newborn.birthOrder), \(newborn.hospital),
                \(newborn.hospitalRecord), \(newborn.arrivedAt), \(actor), \(context.clock.now()))
            ON CONFLICT DO NOTHING
            RETURNING id
            """, logger: context.logger)
        guard let id = try await rows.decode(UUID.self).first() else {
            throw Problem.conflict(
                "该新生儿已登记 (同一母亲、出生日期与出生顺序, 或同一住院号)",
                "this newborn is registered already (same mother, birth day and order, or same hospital record)", field: "hospitalRecord")
        }
        try await connection.run(
            """
            INSERT INTO health_screening.chains (newborn, condition, title_zh, title_en, method)
            SELECT \(id), * FROM unnest(\(conditions.map(\.code)), \(conditions.map(\.title.zh)), \(conditions.map(\.title.en)),
                \(conditions.map(\.method.rawValue)))
            """, logger: context.logger)
        try await planAgain(id, on: connection)
        try await context.events.publish(
            HealthScreeningTopics.newbornRegistered, NewbornRegistered(newborn: id, district: newborn.district),
            district: newborn.district, on: connection)
        return id
    }

    /// Plans (again) the newborn's chains' deadlines and its check-ups in the schedule engine: on registration, and once
    /// linked (the engine's items then carry the child).
    func planAgain(_ newborn: UUID, on connection: PostgresConnection) async throws {
        let chains = try await connection.query(
            "SELECT id FROM health_screening.chains WHERE newborn = \(newborn) ORDER BY condition", logger: context.logger
        ).decode(UUID.self).collect()
        for chain in chains { try await ChainRepository(context: context).reconcile(chain, on: connection) }
        try await CheckupRepository(context: context).reconcile(newborn, on: connection)
    }

    /// The newborn, or `nil` when it does not exist or lies outside what the connection may see.
    func newborn(_ id: UUID, on connection: PostgresConnection) async throws -> Newborn? {
        try await newborns("n.id = \(id)", on: connection).first
    }

    /// The newborn linked to core child `child`, if the connection may see it.
    func newborn(linkedTo child: UUID, on connection: PostgresConnection) async throws -> Newborn? {
        try await newborns("n.child_id = \(child)", on: connection).first
    }

    /// The newborns followed or born in `district`'s subtree, by id after `after`, at most `limit`.
    func newborns(in district: DistrictCode, after: UUID?, limit: Int, on connection: PostgresConnection) async throws -> [Newborn] {
        let range = district.subtree
        let start = after ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        return try await newborns(
            """
            (n.district BETWEEN \(range.lowerBound) AND \(range.upperBound) OR n.birth_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
            AND n.id > \(start) ORDER BY n.id LIMIT \(limit)
            """, on: connection)
    }

    /// The newborns of the mother with ID number `mother`, oldest birth first.
    func newborns(ofMother mother: CitizenID, on connection: PostgresConnection) async throws -> [Newborn] {
        let index = context.children.keyring.current.blindIndex(mother)
        return try await newborns("n.mother_id_index = \(index) ORDER BY n.born_at, n.birth_order", on: connection)
    }

    private func newborns(_ condition: PostgresQuery, on connection: PostgresConnection) async throws -> [Newborn] {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.columns) FROM health_screening.newborns n WHERE ")
        query.sql += condition.sql
        query.binds = condition.binds
        var newborns: [Newborn] = []
        for try await row in try await connection.query(query, logger: context.logger).decode(Row.self) {
            let (id, district, birthDistrict, masked, bornAt, sex, order, hospital, record, child) = row
            guard let sex = CitizenID.Sex(rawValue: sex) else { throw PostgresDecodingError.Code.failure }
            newborns.append(
                Newborn(
                    id: id, district: district, birthDistrict: birthDistrict, motherIdNumber: masked, bornAt: bornAt, sex: sex,
                    birthOrder: order, hospital: hospital, hospitalRecord: record, child: child))
        }
        return newborns
    }

    /// The newborn's chains with their steps and its link attempts; `withDetails` decides whether steps carry `detail`.
    func file(of newborn: Newborn, withDetails: (DistrictCode, DistrictCode) -> Bool, on connection: PostgresConnection) async throws
        -> NewbornFile
    {
        let chains = ChainRepository(context: context)
        let ids = try await connection.query(
            "SELECT id FROM health_screening.chains WHERE newborn = \(newborn.id) ORDER BY condition", logger: context.logger
        ).decode(UUID.self).collect()
        var loaded: [Chain] = []
        for id in ids {
            if let chain = try await chains.chain(id, withDetails: withDetails, on: connection) { loaded.append(chain) }
        }
        let attempts = try await connection.query(
            """
            SELECT id, outcome, child_id, reason, attempted_by, attempted_at FROM health_screening.link_attempts
            WHERE newborn = \(newborn.id) ORDER BY attempted_at, id
            """, logger: context.logger
        ).decode((UUID, LinkAttempt.Outcome, UUID?, String?, String, Date).self).collect().map {
            LinkAttempt(id: $0.0, outcome: $0.1, child: $0.2, reason: $0.3, attemptedBy: $0.4, attemptedAt: $0.5)
        }
        return NewbornFile(newborn: newborn, chains: loaded, links: attempts)
    }

    /// Links `newborn` to the core child whose ID number is `idNumber`, explicitly: matched only when that child is in the
    /// caller's scope, born on the newborn's day (Asia/Shanghai) with its sex, and no unlinked same-sex sibling of the same
    /// birth could be it (unless `confirm`); otherwise the attempt is recorded as unmatched or ambiguous and nothing is linked.
    func link(
        _ newborn: Newborn, idNumber: CitizenID, confirm: Bool, by actor: String, on connection: PostgresConnection
    ) async throws -> LinkAttempt {
        guard newborn.child == nil else {
            throw Problem.stateConflict("该新生儿已关联儿童档案", "this newborn is linked to a child already")
        }
        let (outcome, child, reason) = try await match(newborn, idNumber: idNumber, confirm: confirm, on: connection)
        let now = context.clock.now()
        let id = UUID()
        try await connection.run(
            """
            INSERT INTO health_screening.link_attempts (id, newborn, child_id, outcome, reason, attempted_by, attempted_at)
            VALUES (\(id), \(newborn.id), \(child), \(outcome.rawValue), \(reason), \(actor), \(now))
            """, logger: context.logger)
        if let child {
            try await connection.run(
                "UPDATE health_screening.newborns SET child_id = \(child), linked_at = \(now) WHERE id = \(newborn.id)",
                logger: context.logger)
            try await planAgain(newborn.id, on: connection)
            try await context.events.publish(
                HealthScreeningTopics.newbornLinked, NewbornLinked(newborn: newborn.id, child: child), child: child,
                district: newborn.district, on: connection)
        }
        return LinkAttempt(id: id, outcome: outcome, child: child, reason: reason, attemptedBy: actor, attemptedAt: now)
    }

    /// What linking `newborn` to the holder of `idNumber` comes to, with the reason when it is not a match.
    private func match(
        _ newborn: Newborn, idNumber: CitizenID, confirm: Bool, on connection: PostgresConnection
    ) async throws -> (LinkAttempt.Outcome, UUID?, String?) {
        guard let found = try await context.children.lookup(idNumber, on: connection) else {
            return (.unmatched, nil, "儿童档案中没有该身份证号的儿童 (或不在您的管辖范围内)")
        }
        if found.birthDate != CalendarDate.today(newborn.bornAt) || found.sex != newborn.sex {
            return (.unmatched, nil, "该身份证号的儿童出生日期或性别与新生儿记录不符")
        }
        let holders = try await connection.query(
            "SELECT 1 FROM health_screening.newborns WHERE child_id = \(found.id)", logger: context.logger
        ).collect()
        if !holders.isEmpty { return (.ambiguous, nil, "该儿童已关联另一条新生儿记录") }
        if !confirm, try await sameSexSiblings(of: newborn, on: connection) > 0 {
            return (.ambiguous, nil, "同一母亲同日出生的同性别新生儿不止一名, 请核对出生医学证明后确认关联")
        }
        return (.matched, found.id, nil)
    }

    /// Unlinked newborns of the same mother, birth day and sex as `newborn` (twins who could be the child).
    private func sameSexSiblings(of newborn: Newborn, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            """
            SELECT count(*)::int8 FROM health_screening.newborns s JOIN health_screening.newborns n ON n.id = \(newborn.id)
            WHERE s.mother_id_index = n.mother_id_index AND s.id <> n.id AND s.sex = n.sex AND s.child_id IS NULL
              AND (s.born_at AT TIME ZONE 'Asia/Shanghai')::date = (n.born_at AT TIME ZONE 'Asia/Shanghai')::date
            """, logger: context.logger
        ).decode(Int.self).first() ?? 0
    }

    /// How many newborns `district`'s subtree follows (the owner's connection: every district).
    func count(in district: DistrictCode, on connection: PostgresConnection) async throws -> Int {
        let range = district.subtree
        return try await connection.query(
            "SELECT count(*)::int8 FROM health_screening.newborns WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound)",
            logger: context.logger
        ).decode(Int.self).first() ?? 0
    }
}
