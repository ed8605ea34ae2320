import Contract
import Foundation
import PostgresNIO
import Schedules

/// The SQL of check-up encounters and their schedule in the core's engine (`CheckupSchedule`), on the connection it
/// is given (under the caller's scope). The items are filed under the newborn's residence district; like a chain's, they
/// are brought up to date from the recorded encounters whenever a transaction that may write them records one.
struct CheckupRepository: Sendable {
    let context: ProgrammeContext

    var engine: ScheduleEngine { ScheduleEngine(logger: context.logger) }

    /// The newborn's subject and the schedule in force at its birth; `nil` when the connection may not see it.
    func subject(_ newborn: UUID, on connection: PostgresConnection) async throws
        -> (declaration: ScheduleDeclaration, subject: ScheduleSubject, district: DistrictCode, birthDistrict: DistrictCode)?
    {
        guard
            let (district, birthDistrict, child, bornAt, arrivedAt) = try await connection.query(
                "SELECT district, birth_district, child_id, born_at, arrived_at FROM health_screening.newborns WHERE id = \(newborn)",
                logger: context.logger
            ).decode((DistrictCode, DistrictCode, UUID?, Date, Date?).self).first()
        else { return nil }
        let declaration = try await context.policy.value(
            of: CheckupSchedule.key, in: district, on: CalendarDate.today(bornAt), on: connection)
        let subject = CheckupSchedule.subject(newborn: newborn, district: district, child: child, bornAt: bornAt, arrivedAt: arrivedAt)
        return (declaration, subject, district, birthDistrict)
    }

    /// Plans the encounters and closes the items of those recorded (done on their examination day); does nothing where
    /// this transaction may not write the items. Idempotent.
    func reconcile(_ newborn: UUID, on connection: PostgresConnection) async throws {
        guard let (declaration, subject, _, _) = try await self.subject(newborn, on: connection),
            try await ChainRepository.mayWriteItems(of: subject.district, on: connection, context: context)
        else { return }
        try await engine.sync(declaration, subject, on: connection)
        let recorded = try await connection.query(
            "SELECT encounter, examined_on, eye_checked FROM health_screening.encounters WHERE newborn = \(newborn) ORDER BY examined_on",
            logger: context.logger
        ).decode((String, CalendarDate, Bool).self).collect()
        let open = Set(
            try await engine.items(of: subject.id, in: declaration.id, on: connection).filter {
                $0.state == .planned || $0.state == .beforeJoining
            }
            .map(\.item))
        for (code, day, eye) in recorded {
            guard let encounter = CheckupSchedule.encounter(code) else { continue }
            for item in [encounter.checkup] + (eye ? [encounter.eyeCheck] : []) where open.contains(item) {
                try await engine.complete(item, of: declaration, for: subject, at: ScheduleTime.midnight(of: day), on: connection)
            }
        }
    }

    /// Records the encounter once (a second record of the same encounter is a 409), the eye check's referral decided by
    /// the acuity bounds in force for the newborn's district on the examination day, then closes its items. `false` when
    /// the newborn is not visible.
    func record(_ record: CheckupRecord.Validated, newborn: UUID, by actor: String, on connection: PostgresConnection) async throws -> Bool
    {
        guard
            let (district, bornAt) = try await connection.query(
                "SELECT district, born_at FROM health_screening.newborns WHERE id = \(newborn)", logger: context.logger
            ).decode((DistrictCode, Date).self).first()
        else { return false }
        let thresholds = try await context.policy.value(of: EyeReferral.thresholds, in: district, on: record.examinedOn, on: connection)
        let referral = record.eye.flatMap {
            EyeReferral.reason(
                left: $0.acuityLeft, right: $0.acuityRight, abnormal: $0.abnormal ?? false,
                months: CheckupSchedule.age(inMonthsOn: record.examinedOn, bornOn: CalendarDate.today(bornAt)), thresholds: thresholds)
        }
        let inserted = try await connection.query(
            """
            INSERT INTO health_screening.encounters (newborn, encounter, examined_on, institution, weight_grams, length_mm, findings, eye_checked,
                acuity_left, acuity_right, eye_findings, eye_referral, recorded_by, recorded_at)
            VALUES (\(newborn), \(record.encounter.code), \(record.examinedOn.description)::date, \(record.institution), \(record.weightGrams),
                \(record.lengthMm), \(record.findings), \(record.eye != nil), \(record.eye?.acuityLeft), \(record.eye?.acuityRight),
                \(record.eye?.findings), \(referral), \(actor), \(context.clock.now()))
            ON CONFLICT (newborn, encounter) DO NOTHING RETURNING 1
            """, logger: context.logger
        ).decode(Int.self).first()
        guard inserted != nil else {
            throw Problem.conflict(
                "该次体检已登记 (\(record.encounter.title.zh))", "this encounter is recorded already (\(record.encounter.title.en))",
                field: "encounter")
        }
        try await reconcile(newborn, on: connection)
        return true
    }

    /// The schedule with every encounter's deadlines at `now` and its record, findings only when `withFindings` says so
    /// for the newborn's districts; `nil` when the newborn is not visible.
    func file(_ newborn: UUID, at now: Date, withFindings: (DistrictCode, DistrictCode) -> Bool, on connection: PostgresConnection)
        async throws -> CheckupFile?
    {
        guard let (declaration, subject, district, birthDistrict) = try await self.subject(newborn, on: connection) else { return nil }
        let findings = withFindings(district, birthDistrict)
        let items = try await engine.items(of: subject.id, in: declaration.id, on: connection)
        let records = try await connection.query(
            """
            SELECT encounter, examined_on, institution, eye_checked, weight_grams, length_mm, findings, acuity_left::float8,
                   acuity_right::float8, eye_findings, eye_referral, recorded_by
            FROM health_screening.encounters WHERE newborn = \(newborn)
            """, logger: context.logger
        ).decode((String, CalendarDate, String, Bool, Int?, Int?, String?, Double?, Double?, String?, String?, String).self).collect().map {
            CheckupEncounter(
                encounter: $0.0, examinedOn: $0.1, institution: $0.2, eyeChecked: $0.3, weightGrams: findings ? $0.4 : nil,
                lengthMm: findings ? $0.5 : nil, findings: findings ? $0.6 : nil, acuityLeft: findings ? $0.7 : nil,
                acuityRight: findings ? $0.8 : nil, eyeFindings: findings ? $0.9 : nil, eyeReferral: findings ? $0.10 : nil,
                recordedBy: $0.11)
        }
        let recorded = items.map { RecordedItem(item: $0.item, occurrence: $0.occurrence, state: $0.state, closedAt: $0.closedAt) }
        let groups = SchedulePlanner.groups(declaration, recorded: recorded)
        func deadline(_ key: String) -> LinkDeadline? {
            guard let item = items.first(where: { $0.item == key }) else { return nil }
            let title = declaration.items.first { $0.key == key }?.title ?? .init(zh: key, en: key)
            return LinkDeadline(item, title: title, at: now)
        }
        let encounters = CheckupSchedule.encounters.map { encounter in
            CheckupFile.Due(
                encounter: encounter.code, title: encounter.title, checkup: deadline(encounter.checkup),
                eyeCheck: deadline(encounter.eyeCheck),
                waiting: groups.first { $0.group == encounter.code }?.waiting ?? [],
                record: records.first { $0.encounter == encounter.code })
        }
        return CheckupFile(newborn: newborn, encounters: encounters)
    }
}
