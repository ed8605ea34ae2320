import Contract
import Foundation
import HealthScreening
import PostgresNIO
import ScheduleBenchmarkKit
import Schedules
import TestSupport

/// The benchmark county's newborns and their screening chains, stored as the programme stores them: newborns and chains
/// (with their consent, screen and result steps) in `health_screening`, each chain's deadlines planned by the engine as
/// the subject `health-screening.chain:<id>` from the programme's default declarations. Two in a hundred results are
/// positive (a hearing first screen refers eight in a hundred), so their recall is open; of the items already past
/// due, nine in ten are then done and the rest overdue or missed.
struct ScreeningCounty {
    let children: Int
    let test: TestPlatform

    static let conditions = [
        ("ch", "先天性甲状腺功能减低症", "Congenital hypothyroidism", "blood-spot", "health-screening.blood-spot"),
        ("pku", "苯丙酮尿症", "Phenylketonuria", "blood-spot", "health-screening.blood-spot"),
        ("hearing", "听力障碍", "Hearing loss", "screen", "health-screening.hearing"),
        ("chd", "先天性心脏病", "Congenital heart disease", "screen", "health-screening.heart")
    ]

    /// The programme's chain declarations, by id, from its policy keys' defaults.
    static func declarations() throws -> [String: ScheduleDeclaration] {
        var found: [String: ScheduleDeclaration] = [:]
        for key in HealthScreeningProgramme().policyKeys {
            guard let declaration = try? JSONDecoder().decode(ScheduleDeclaration.self, from: Data(key.defaultValue.utf8)) else { continue }
            found[declaration.id] = declaration
        }
        for (_, _, _, _, id) in conditions where found[id] == nil { throw TestFailure("the programme declares no schedule \(id)") }
        return found
    }

    /// Generates the county; returns how long the engine took to plan the chains.
    func generate(now: Date) async throws -> Duration {
        try await test.owner.withConnection { connection in
            try await connection.run(
                """
                INSERT INTO core.districts (code, name, level, parent)
                SELECT 320412000000 + t * 1000, '镇' || t, 4, 320412000000 FROM generate_series(100, 119) t ON CONFLICT DO NOTHING
                """, logger: test.logger)
            try await connection.run(
                """
                INSERT INTO core.districts (code, name, level, parent)
                SELECT 320412000000 + t * 1000 + v, v || '村', 5, 320412000000 + t * 1000
                FROM generate_series(100, 119) t, generate_series(201, 230) v ON CONFLICT DO NOTHING
                """, logger: test.logger)
            try await connection.run(
                """
                INSERT INTO health_screening.newborns (district, birth_district, mother_id_index, mother_id_cipher, mother_id_key,
                    mother_id_masked, born_at, sex, birth_order, hospital, hospital_record, registered_by)
                SELECT 320412000000 + (100 + n % 20) * 1000 + 201 + (n / 20 % 30), 320412000000 + (100 + n % 20) * 1000,
                       sha256(n::text::bytea), sha256(('c' || n)::bytea), 'bench', '320412********' || lpad((n % 10000)::text, 4, '0'),
                       \(now) - make_interval(secs => n::float8 / \(children) * 6 * 365.25 * 86400),
                       CASE WHEN n % 2 = 0 THEN 'F' ELSE 'M' END, 1, '武进区妇幼保健院', n::text, 'bench'
                FROM generate_series(0, \(children - 1)) n
                """, logger: test.logger)
            for (code, zh, en, method, _) in Self.conditions {
                try await connection.run(
                    """
                    INSERT INTO health_screening.chains (newborn, condition, title_zh, title_en, method)
                    SELECT id, \(code), \(zh), \(en), \(method) FROM health_screening.newborns
                    """, logger: test.logger)
            }
            try await connection.run(
                """
                INSERT INTO health_screening.steps (chain, position, link, state, occurred_at, institution, recorded_by, recorded_at)
                SELECT c.id, s.position, s.link,
                       CASE WHEN s.link <> 'result' THEN s.state
                            WHEN c.condition = 'hearing' AND abs(hashtext(c.id::text)) % 100 < 8 THEN 'refer'
                            WHEN c.condition <> 'hearing' AND abs(hashtext(c.id::text)) % 100 < 2 THEN 'positive'
                            ELSE 'negative' END,
                       n.born_at + s.after, '武进区妇幼保健院', 'bench', n.born_at + s.after
                FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn
                CROSS JOIN (VALUES (1, 'consent', 'signed', interval '1 hour'), (2, 'screen', 'done', interval '72 hours'),
                                   (3, 'result', NULL, interval '6 days')) s (position, link, state, after)
                """, logger: test.logger)
        }
        let declarations = try Self.declarations()
        var subjects: [String: [String: ScheduleSubject]] = [:]
        for (code, _, _, _, schedule) in Self.conditions {
            let chains = try await test.owner.withConnection { connection in
                try await connection.query(
                    """
                    SELECT c.id, n.district, n.born_at, abs(hashtext(c.id::text)) % 100
                    FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn
                    WHERE c.condition = \(code) ORDER BY n.hospital_record::int
                    """, logger: test.logger
                ).decode((UUID, DistrictCode, Date, Int).self).collect()
            }
            for (chain, district, bornAt, draw) in chains {
                let id = "health-screening.chain:\(chain.uuidString.lowercased())"
                subjects[schedule, default: [:]][id] = ScheduleSubject(
                    id: id, district: district, anchor: .instant(bornAt),
                    facts: ["first-result": draw < 8 ? "refer" : "negative", "result": draw < 2 ? "positive" : "negative"])
            }
        }
        // Each round plans what the links done so far open, then closes nine in ten of the open items already past due.
        let clock = ContinuousClock()
        var planned = Duration.zero
        var pending = subjects.mapValues { Array($0.values) }
        while !pending.isEmpty {
            for (schedule, batch) in pending {
                guard let declaration = declarations[schedule] else { continue }
                planned += try await clock.measure {
                    try await ScheduleBench.plan(declaration, count: batch.count, on: test) { batch[$0] }
                }
            }
            let closed = try await test.owner.withConnection { connection in
                try await connection.query(
                    """
                    UPDATE core.schedule_items SET state = 'done', closed_at = due_from
                    WHERE state = 'planned' AND due_by < now() AND abs(hashtext(id::text)) % 10 <> 0
                    RETURNING schedule, subject
                    """, logger: test.logger
                ).decode((String, String).self).collect()
            }
            pending = [:]
            for key in Set(closed.map { [$0.0, $0.1] }) {
                if let reopened = subjects[key[0]]?[key[1]] { pending[key[0], default: []].append(reopened) }
            }
        }
        try await test.owner.withConnection { connection in
            try await connection.run("VACUUM ANALYZE core.schedule_items", logger: test.logger)
            try await connection.run("ANALYZE health_screening.chains", logger: test.logger)
            try await connection.run("ANALYZE health_screening.newborns", logger: test.logger)
        }
        return planned
    }
}
