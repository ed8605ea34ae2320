import Contract
import Foundation
import NIOCore
import PostgresNIO

/// The set-based SQL of a laboratory results batch: one statement each to find the rows' newborns, to lock their
/// chains with the steps they hold, and to write the results, on the import's connection (under the writer's
/// row-level security).
extension ImportRepository {
    /// A chain a batch writes into, locked until the import's transaction ends.
    struct LockedChain: Sendable {
        let id: UUID
        let newborn: UUID
        let condition: String
        let titleZh: String
        let method: Condition.Method
        let bornAt: Date
    }

    /// A result step to write: the chain's next position.
    struct ResultStep: Sendable {
        let chain: UUID
        let position: Int32
        let result: StepRecord.Validated
    }

    /// Up to two newborns each key names (two: it is ambiguous), in the keys' order: by the hospital record number, of
    /// the hospital when given; or by the mother's ID number and the birth day (Asia/Shanghai), of the birth order when
    /// given.
    func newborns(_ keys: [LabResultRow.NewbornKey], on connection: PostgresConnection) async throws -> [[UUID]] {
        var (records, hospitals, mothers, days, orders) = ([String](), [String](), [ByteBuffer](), [String](), [Int32]())
        for key in keys {
            switch key {
            case .record(let hospital, let record):
                records.append(record)
                hospitals.append(hospital ?? "")
                mothers.append(ByteBuffer())
                days.append("")
                orders.append(0)
            case .mother(let mother, let day, let order):
                records.append("")
                hospitals.append("")
                mothers.append(ByteBuffer(data: context.children.keyring.current.blindIndex(mother)))
                days.append(day.description)
                orders.append(Int32(order ?? 0))
            }
        }
        let rows = try await connection.query(
            """
            SELECT k.i::int8, m.id
            FROM unnest(\(records)::text[], \(hospitals)::text[], \(mothers)::bytea[], \(days)::text[], \(orders)::int4[])
                WITH ORDINALITY AS k(record, hospital, mother, day, ord, i)
            CROSS JOIN LATERAL (
                SELECT n.id FROM health_screening.newborns n
                WHERE k.record <> '' AND n.hospital_record = k.record AND (k.hospital = '' OR n.hospital = k.hospital)
                UNION ALL
                SELECT n.id FROM health_screening.newborns n
                WHERE k.record = '' AND n.mother_id_index = k.mother
                  AND (n.born_at AT TIME ZONE 'Asia/Shanghai')::date = NULLIF(k.day, '')::date
                  AND (k.ord = 0 OR n.birth_order = k.ord)
                LIMIT 2) m
            """, logger: context.logger
        ).decode((Int, UUID).self)
        var found = Array(repeating: [UUID](), count: keys.count)
        for try await (index, id) in rows { found[index - 1].append(id) }
        return found
    }

    /// The chains of `newborns` for any of `conditions` (a code or a Chinese title), locked in the order of their ids.
    func lockChains(of newborns: [UUID], conditions: [String], on connection: PostgresConnection) async throws -> [LockedChain] {
        try await connection.query(
            """
            SELECT c.id, c.newborn, c.condition, c.title_zh, c.method, n.born_at
            FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn
            WHERE c.newborn = ANY(\(newborns)) AND (c.condition = ANY(\(conditions)) OR c.title_zh = ANY(\(conditions)))
            ORDER BY c.id FOR UPDATE OF c
            """, logger: context.logger
        ).decode((UUID, UUID, String, String, Condition.Method, Date).self).collect().map {
            LockedChain(id: $0.0, newborn: $0.1, condition: $0.2, titleZh: $0.3, method: $0.4, bornAt: $0.5)
        }
    }

    /// The steps each of `chains` holds, oldest first.
    func histories(_ chains: [UUID], on connection: PostgresConnection) async throws
        -> [UUID: [(link: Link, state: String, occurredAt: Date)]]
    {
        var histories: [UUID: [(link: Link, state: String, occurredAt: Date)]] = [:]
        let rows = try await connection.query(
            """
            SELECT chain, link, state, occurred_at FROM health_screening.steps WHERE chain = ANY(\(chains)) ORDER BY chain, position
            """, logger: context.logger
        ).decode((UUID, Link, String, Date).self)
        for try await (chain, link, state, occurredAt) in rows { histories[chain, default: []].append((link, state, occurredAt)) }
        return histories
    }

    /// Writes `steps` as result steps, in one statement.
    func insertResults(_ steps: [ResultStep], by actor: String, at now: Date, on connection: PostgresConnection) async throws {
        guard !steps.isEmpty else { return }
        let (chains, positions) = (steps.map(\.chain), steps.map(\.position))
        let (states, times) = (steps.map(\.result.state), steps.map(\.result.occurredAt))
        let (institutions, details) = (steps.map { $0.result.institution ?? "" }, steps.map { $0.result.detail ?? "" })
        try await connection.run(
            """
            INSERT INTO health_screening.steps (chain, position, link, state, occurred_at, institution, detail, recorded_by, recorded_at)
            SELECT s.chain, s.position, 'result', s.state, s.occurred_at, NULLIF(s.institution, ''), NULLIF(s.detail, ''), \(actor), \(now)
            FROM unnest(\(chains)::uuid[], \(positions)::int4[], \(states)::text[], \(times)::timestamptz[], \(institutions)::text[],
                        \(details)::text[]) AS s(chain, position, state, occurred_at, institution, detail)
            """, logger: context.logger)
    }
}
