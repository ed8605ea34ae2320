import Contract
import Foundation
import PostgresNIO
import Schedules
import TestSupport
import Testing

@testable import HealthScreening

/// 10,000 generated births with random event times (consent refused or missing, samples and screens early or late,
/// positives recalled or not, late arrivals, losses to follow-up, any day up to 13 months after birth): every link's
/// state as the programme computes it (`ChainClock` on the engine's planner) matches a reference written here from
/// the rules' table with Foundation's calendar in Asia/Shanghai; 300 of them also through PostgreSQL and the engine's
/// stored items.
@Suite struct ChainCohortTests {
    /// SplitMix64: the same cohort on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Kind: CaseIterable { case bloodSpot, hearing, heart }

    struct Birth {
        let kind: Kind
        let born: Date
        let arrived: Date?
        let steps: [ChainHistory]
        let now: Date
    }

    // MARK: the reference

    enum Bound {
        case hours(Int), days(Int), months(Int)
    }

    /// One link of the rules' table: when it opens, is due by and expires, the link it follows, when it does not apply.
    struct Rule {
        let item: String
        var from: Bound? = nil
        let dueBy: Bound
        let expires: Bound
        var after: String? = nil
        var skip: @Sendable (_ first: String?, _ last: String?, _ verdict: String?) -> Bool = { _, _, _ in false }
    }

    static let negative: @Sendable (String?, String?, String?) -> Bool = { _, last, _ in last == "negative" }
    static let negativeOrExcluded: @Sendable (String?, String?, String?) -> Bool = { _, last, verdict in
        last == "negative" || verdict == "excluded"
    }

    static func rules(_ kind: Kind) -> [Rule] {
        switch kind {
        case .bloodSpot:
            [
                Rule(item: "consent", dueBy: .days(7), expires: .days(20)),
                Rule(item: "sample", from: .hours(72), dueBy: .days(7), expires: .days(20)),
                Rule(item: "result", dueBy: .days(10), expires: .days(28), after: "sample"),
                Rule(item: "recall", dueBy: .days(12), expires: .months(6), after: "result", skip: negative),
                Rule(item: "confirmation", dueBy: .days(14), expires: .months(6), after: "recall", skip: negative),
                Rule(item: "treatment", dueBy: .days(14), expires: .months(6), after: "confirmation", skip: negativeOrExcluded)
            ]
        case .hearing:
            [
                Rule(item: "consent", dueBy: .days(7), expires: .days(42)), Rule(item: "screen", dueBy: .days(7), expires: .days(42)),
                Rule(
                    item: "rescreen", dueBy: .days(42), expires: .months(3), after: "screen", skip: { first, _, _ in first == "negative" }),
                Rule(item: "recall", dueBy: .days(56), expires: .months(6), after: "rescreen", skip: negative),
                Rule(item: "diagnosis", dueBy: .months(3), expires: .months(6), after: "recall", skip: negative),
                Rule(item: "intervention", dueBy: .months(6), expires: .months(12), after: "diagnosis", skip: negativeOrExcluded)
            ]
        case .heart:
            [
                Rule(item: "consent", dueBy: .hours(72), expires: .days(7)),
                Rule(item: "screen", from: .hours(6), dueBy: .hours(72), expires: .days(7)),
                Rule(item: "recall", dueBy: .days(7), expires: .months(3), after: "screen", skip: negative),
                Rule(item: "confirmation", dueBy: .days(28), expires: .months(3), after: "recall", skip: negative)
            ]
        }
    }

    static let china: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()

    /// A bound as an instant: hours on the birth instant; days and months on the birth's date in China, up to the end of
    /// that day (Foundation clamps month ends); no bound: the birth day's midnight.
    static func instant(_ bound: Bound?, born: Date) -> Date {
        let midnight = china.startOfDay(for: born)
        switch bound {
        case nil: return midnight
        case let .hours(n): return born.addingTimeInterval(Double(n) * 3_600)
        case let .days(n): return china.date(byAdding: .day, value: n + 1, to: midnight)!
        case let .months(n):
            let day = china.date(byAdding: .month, value: n, to: midnight)!
            return china.date(byAdding: .day, value: 1, to: day)!
        }
    }

    /// The step that closes `item`: the first of its kind.
    static func closing(_ item: String, _ steps: [ChainHistory]) -> Date? {
        let screens = steps.filter { $0.link == .screen }
        switch item {
        case "consent": return steps.first { $0.link == .consent && $0.state == "signed" }?.occurredAt
        case "sample", "screen": return screens.first?.occurredAt
        case "rescreen": return screens.dropFirst().first?.occurredAt
        case "result": return steps.first { $0.link == .result }?.occurredAt
        case "recall": return steps.first { $0.link == .recall && $0.state == "notified" }?.occurredAt
        case "confirmation", "diagnosis":
            return steps.first { $0.link == .confirmation && ["confirmed", "excluded"].contains($0.state) }?.occurredAt
        default: return steps.first { $0.link == .treatment }?.occurredAt
        }
    }

    /// Each link's timeliness and due-by, by the rules' table.
    static func reference(_ birth: Birth) -> [String: (LinkDeadline.Timeliness, Date)] {
        let steps = birth.steps
        let results = steps.filter { $0.link == .result }.map(\.state)
        let verdict = steps.last { $0.link == .confirmation && ["confirmed", "excluded"].contains($0.state) }?.state
        let refused = steps.contains { $0.link == .consent && $0.state == "refused" }
        let exited = steps.contains { $0.link == .outcome && ["lost", "died", "moved-away"].contains($0.state) }
        var done: Set<String> = []
        var links: [String: (LinkDeadline.Timeliness, Date)] = [:]
        for rule in rules(birth.kind) {
            if let after = rule.after, !done.contains(after) { continue }
            let from = instant(rule.from, born: birth.born)
            let dueBy = max(instant(rule.dueBy, born: birth.born), from)
            let expires = max(instant(rule.expires, born: birth.born), dueBy)
            let state: LinkDeadline.Timeliness
            if refused {
                state = .skipped
            } else if let at = closing(rule.item, steps) {
                state = at >= from && at < dueBy ? .met : .missed
                done.insert(rule.item)
            } else if let arrived = birth.arrived, expires <= arrived {
                state = .notApplicable
            } else if rule.skip(results.first, results.last, verdict) {
                state = .skipped
            } else if exited {
                state = .cancelled
            } else {
                state = birth.now < dueBy ? .pending : .missed
            }
            links[rule.item] = (state, dueBy)
        }
        return links
    }

    // MARK: the cohort

    static func cohort(_ count: Int) -> [Birth] {
        var random = Generator(state: 20_261_201)
        let start = ChainClockTests.instant("2025-01-01T00:00:00+08:00").timeIntervalSince1970
        func hours(_ range: ClosedRange<Double>) -> TimeInterval { Double.random(in: range, using: &random) * 3_600 }
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
        return (0..<count).map { _ in
            let kind = Kind.allCases.randomElement(using: &random)!
            let born = Date(timeIntervalSince1970: start + Double.random(in: 0...(730 * 86_400), using: &random).rounded())
            var steps: [ChainHistory] = []
            var cursor = born
            func step(_ link: Link, _ state: String, after wait: TimeInterval) {
                cursor = cursor.addingTimeInterval(wait.rounded())
                steps.append(ChainHistory(link: link, state: state, occurredAt: cursor))
            }
            func follow() {
                if chance(0.03) {
                    step(.consent, "refused", after: hours(0...48))
                    return
                }
                guard chance(0.95) else { return }
                step(.consent, "signed", after: hours(0...96))
                guard chance(0.88) else { return }
                if kind == .bloodSpot {
                    cursor = max(cursor, born.addingTimeInterval(72 * 3_600))
                    step(.screen, "done", after: hours(0...(15 * 24)))
                    guard chance(0.92) else { return }
                    step(.result, chance(0.75) ? "negative" : "positive", after: hours(1...(12 * 24)))
                } else {
                    step(.screen, "done", after: hours(0...(kind == .heart ? 100 : 10 * 24)))
                    step(.result, chance(0.7) ? "negative" : (kind == .hearing ? "refer" : "positive"), after: 300)
                    if kind == .hearing, steps.last?.state == "refer" {
                        guard chance(0.85) else { return }
                        step(.screen, "done", after: hours(1...(60 * 24)))
                        step(.result, chance(0.5) ? "negative" : "refer", after: 300)
                    }
                }
                guard steps.last?.state != "negative", chance(0.85) else { return }
                step(.recall, "notified", after: hours(0...(40 * 24)))
                guard chance(0.85) else { return }
                step(.confirmation, "referred", after: hours(1...48))
                step(.confirmation, "accepted", after: hours(1...48))
                step(.confirmation, chance(0.6) ? "confirmed" : "excluded", after: hours(1...(90 * 24)))
                guard kind != .heart, steps.last?.state == "confirmed", chance(0.85) else { return }
                step(.treatment, "started", after: hours(1...(120 * 24)))
            }
            follow()
            if chance(0.04), steps.last?.state != "refused" { step(.outcome, "lost", after: hours(1...(30 * 24))) }
            let arrived = chance(0.12) ? born.addingTimeInterval(hours(1...(200 * 24)).rounded()) : nil
            var now = born.addingTimeInterval(hours(0...(400 * 24)).rounded())
            if let arrived { now = max(now, arrived) }
            return Birth(kind: kind, born: born, arrived: arrived, steps: steps.filter { $0.occurredAt <= now }, now: now)
        }
    }

    static func declaration(_ kind: Kind) -> ScheduleDeclaration {
        switch kind {
        case .bloodSpot: ChainClock.bloodSpot
        case .hearing: ChainClock.hearing
        case .heart: ChainClock.heart
        }
    }

    /// Each link's timeliness and due-by as the programme computes them.
    static func computed(_ birth: Birth) -> [String: (LinkDeadline.Timeliness, Date)] {
        let declaration = declaration(birth.kind)
        let subject = ChainClock.subject(
            chain: UUID(), district: DistrictCode("320412100201")!, child: nil, bornAt: birth.born, arrivedAt: birth.arrived,
            steps: birth.steps)
        let plan = ChainClock.plan(
            declaration, subject, closures: ChainClock.closures(birth.steps, in: declaration), exited: ChainClock.exit(birth.steps) != nil)
        return Dictionary(
            uniqueKeysWithValues: plan.map {
                (
                    $0.item,
                    (
                        LinkDeadline.timeliness(
                            state: $0.state, dueFrom: $0.dueFrom, dueBy: $0.dueBy, closedAt: $0.closedAt, at: birth.now), $0.dueBy
                    )
                )
            })
    }

    @Test("10,000 births: every link's state and due-by match the reference")
    func cohortMatchesTheReference() {
        let births = Self.cohort(10_000)
        var mismatches: [String] = []
        var tally: [LinkDeadline.Timeliness: Int] = [:]
        for (index, birth) in births.enumerated() {
            let expected = Self.reference(birth)
            let computed = Self.computed(birth)
            for (_, (state, _)) in expected { tally[state, default: 0] += 1 }
            let same =
                Set(expected.keys) == Set(computed.keys)
                && expected.allSatisfy { item, value in computed[item].map { $0.0 == value.0 && $0.1 == value.1 } ?? false }
            if !same {
                mismatches.append(
                    "#\(index) \(birth.kind) born \(birth.born) arrived \(String(describing: birth.arrived)) now \(birth.now) "
                        + "steps \(birth.steps.map { "\($0.link.rawValue)=\($0.state)@\($0.occurredAt)" }): expected "
                        + "\(expected.mapValues { "\($0.0.rawValue) by \($0.1)" }) got \(computed.mapValues { "\($0.0.rawValue) by \($0.1)" })"
                )
            }
        }
        print(
            "cohort: \(births.count) births, links \(tally.values.reduce(0, +)), by timeliness \(tally.map { "\($0.key.rawValue)=\($0.value)" }.sorted())"
        )
        #expect(mismatches.isEmpty, "\(mismatches.count) births differ; first: \(mismatches.prefix(3))")
        for state in LinkDeadline.Timeliness.allCases {
            #expect((tally[state] ?? 0) > 50, "the cohort exercises \(state.rawValue)")
        }
    }

    /// Stores `birth` as a newborn with one chain and its steps, as the owner; returns the chain.
    static func store(_ birth: Birth, _ index: Int, _ test: TestPlatform, on connection: PostgresConnection) async throws -> UUID {
        let (condition, method) =
            switch birth.kind {
            case .bloodSpot: ("pku", "blood-spot")
            case .hearing: ("hearing", "screen")
            case .heart: ("chd", "screen")
            }
        let village = TestPlatform.villageA.value
        let newborn = try await connection.query(
            """
            INSERT INTO health_screening.newborns (district, birth_district, mother_id_index, mother_id_cipher, mother_id_key, mother_id_masked,
                born_at, sex, birth_order, hospital, hospital_record, arrived_at, registered_by)
            VALUES (\(village), \(village), sha256(\(String(index))::bytea), sha256('x'::bytea), 'k1', '3204**', \(birth.born), 'F', 1,
                '卫生院', \("C\(index)"), \(birth.arrived), 'cohort')
            RETURNING id
            """, logger: test.logger
        ).decode(UUID.self).first()!
        let chain = try await connection.query(
            """
            INSERT INTO health_screening.chains (newborn, condition, title_zh, title_en, method)
            VALUES (\(newborn), \(condition), \(condition), \(condition), \(method)) RETURNING id
            """, logger: test.logger
        ).decode(UUID.self).first()!
        for (position, step) in birth.steps.enumerated() {
            try await connection.run(
                """
                INSERT INTO health_screening.steps (chain, position, link, state, occurred_at, institution, person, method, reason, recorded_by,
                    recorded_at)
                VALUES (\(chain), \(position + 1), \(step.link.rawValue), \(step.state), \(step.occurredAt), '机构', '母亲', 'phone', '原因',
                    'cohort', now())
                """, logger: test.logger)
        }
        return chain
    }

    @Test("300 births through PostgreSQL: the engine's stored items give the reference's states and due-bys")
    func storedItemsMatchTheReference() async throws {
        let births = Array(Self.cohort(300))
        try await TestPlatform.with(programmes: [HealthScreeningProgramme()]) { test in
            let chains = ChainRepository(context: test.platform.context)
            let ids = try await test.owner.transaction { connection in
                var ids: [UUID] = []
                for (index, birth) in births.enumerated() { ids.append(try await Self.store(birth, index, test, on: connection)) }
                return ids
            }
            let mismatches = try await test.platform.context.database.transaction(settings: [
                ("tonghu.scope", DistrictScope.everywhere.multirange), ("tonghu.actor", "system")
            ]) { connection in
                var mismatches: [String] = []
                for (birth, id) in zip(births, ids) {
                    try await chains.reconcile(id, on: connection)
                    try await chains.reconcile(id, on: connection)
                    let stored = try await chains.deadlines(id, at: birth.now, on: connection)
                    let computed = Dictionary(uniqueKeysWithValues: stored.map { ($0.item, ($0.timeliness, $0.dueBy)) })
                    let expected = Self.reference(birth)
                    let same =
                        Set(expected.keys) == Set(computed.keys)
                        && expected.allSatisfy { item, value in computed[item].map { $0.0 == value.0 && $0.1 == value.1 } ?? false }
                    if !same {
                        mismatches.append(
                            "\(birth.kind) \(birth.steps.map { "\($0.link.rawValue)=\($0.state)" }): \(expected) vs \(computed)")
                    }
                }
                let rows = try await connection.query(
                    "SELECT count(*) FROM core.schedule_items WHERE subject LIKE 'health-screening.chain:%'", logger: test.logger
                ).decode(Int.self).first()
                #expect(rows == births.reduce(0) { $0 + Self.reference($1).count }, "reconciling twice writes no duplicate")
                return mismatches
            }
            #expect(mismatches.isEmpty, "\(mismatches.count) differ; first: \(mismatches.prefix(2))")
        }
    }
}
