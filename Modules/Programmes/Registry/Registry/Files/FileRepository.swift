import Contract
import Foundation
import Logging
import Pinyin
import PostgresNIO
import RegistryInterface

/// Reads and writes the registry's files. Every method runs on a connection of the caller's scoped transaction.
struct FileRepository: Sendable {
    let context: ProgrammeContext
    var logger: Logger { context.logger }

    // MARK: - Policy

    func scheme(for district: DistrictCode, on date: CalendarDate, _ connection: PostgresConnection) async throws -> RiskScheme {
        try await context.policy.value(of: RegistryPolicy.riskScheme, in: district, on: date, on: connection)
    }

    func rules(for district: DistrictCode, on date: CalendarDate, _ connection: PostgresConnection) async throws -> DerivationRules {
        try await context.policy.value(of: RegistryPolicy.derivationRules, in: district, on: date, on: connection)
    }

    /// The categories staff may assign in `district`: the national ones and the district's own (policy
    /// `registry.local-categories`), with their Chinese names.
    func assignable(in district: DistrictCode, on date: CalendarDate, _ connection: PostgresConnection) async throws -> [(
        category: ChildCategory, name: String
    )] {
        let local = try await context.policy.value(of: RegistryPolicy.localCategories, in: district, on: date, on: connection)
        return ChildCategory.national.map { ($0, $0.title.zh) }
            + local.sorted { $0.key < $1.key }.map { (ChildCategory(rawValue: $0.key), $0.value) }
    }

    /// A 422 naming `category` unless staff may assign it in `district`.
    func checkAssignable(_ category: ChildCategory, in district: DistrictCode, on date: CalendarDate, _ connection: PostgresConnection)
        async throws
    {
        let known = try await assignable(in: district, on: date, connection)
        guard known.contains(where: { $0.category == category }) else {
            throw Problem.invalid(
                "category", "未知类别 \(category); 可用: \(known.map(\.category.rawValue).joined(separator: ", "))",
                "unknown category \(category)")
        }
    }

    // MARK: - Opening a file

    /// Opens the file (registering the child in the core index when the ID number is new) with its parent statuses,
    /// derived and staff-set categories, the lowest risk colour and the first visit due within that colour's interval.
    func open(
        _ request: OpenFileRequest, child: ChildRepository.Validated, by actor: String, today: CalendarDate,
        _ connection: PostgresConnection
    ) async throws -> UUID {
        let core: Child
        if let existing = try await context.children.lookup(child.id, on: connection) {
            core = existing
        } else {
            core = try await context.children.register(child, on: connection)
        }
        let scheme = try await scheme(for: child.residence, on: today, connection)
        let colour = scheme.lowest
        let firstDue = try VisitCadence.firstDue(opened: today, scheme: scheme, in: child.residence)
        let contacts = SealedContacts(request.details.contacts ?? [], keyring: context.children.keyring.current)
        let inserted = try await connection.query(
            """
            INSERT INTO registry.files (child_id, residence_district, hukou_district, responsible_district, birth_date, name, hukou_type,
                ethnicity, living_with, boarding, school, grade, health, disability_type, disability_grade, economic_status, contacts,
                contacts_cipher, contacts_key, in_institution, full_time_student, risk_colour, next_visit_due, name_initials)
            VALUES (\(core.id), \(child.residence.value), \(child.hukou.value), \(child.residence.value), \(core.birthDate.description)::date,
                \(core.name), \(request.details.hukouType?.rawValue), \(request.details.ethnicity), \(request.details.livingWith), \(request.details.boarding), \(request.details.school),
                \(request.details.grade), \(request.details.health), \(request.details.disabilityType), \(request.details.disabilityGrade.map(Int16.init)), \(request.details.economicStatus ?? []),
                \(contacts.masked)::jsonb, \(contacts.cipher), \(contacts.keyID), \(request.details.inInstitution ?? false), \(request.details.fullTimeStudent ?? false),
                \(colour.rawValue), \(firstDue.description)::date,
                \(PinyinInitials.variants(of: core.name)))
            ON CONFLICT (child_id) DO NOTHING
            RETURNING child_id
            """, logger: logger
        ).decode(UUID.self).first()
        guard inserted != nil else {
            throw Problem.conflict("该儿童已建档", "this child already has a registry file", field: "idNumber", existing: core.id.uuidString)
        }
        try await planFirstVisit(core.id, district: child.residence, hukou: child.hukou, scheme: scheme, opened: today, connection)
        try await connection.run(
            """
            INSERT INTO registry.risk_changes (child_id, colour, reason, status, requested_by)
            VALUES (\(core.id), \(colour.rawValue), '建档', 'effective', \(actor))
            """, logger: logger)
        for status in request.parents ?? [] { try await addParentStatus(status, child: core.id, by: actor, connection) }
        for manual in request.categories ?? [] {
            try await checkAssignable(manual.category, in: child.residence, on: today, connection)
            try await connection.run(
                """
                INSERT INTO registry.categories (child_id, category, starts, source, reason, recorded_by)
                VALUES (\(core.id), \(manual.category.rawValue), \((manual.starts ?? today).description)::date, 'manual', \(manual.reason), \(actor))
                """, logger: logger)
        }
        try await rederive(core.id, by: actor, today: today, connection)
        let categories = try await currentCategories(core.id, connection).map(\.category)
        try await context.events.publish(
            RegistryTopics.fileOpened,
            ChildCategories(
                child: core.id, residenceDistrict: child.residence, hukouDistrict: child.hukou, birthDate: core.birthDate,
                categories: categories),
            child: core.id, district: child.residence, on: connection)
        return core.id
    }

    /// Records a parent status; the same parent, condition and start date again updates it (e.g. its end date
    /// when a prison term ends), so a status is never duplicated.
    func addParentStatus(_ status: ParentStatus, child: UUID, by actor: String, _ connection: PostgresConnection) async throws {
        let updated = try await connection.query(
            """
            UPDATE registry.parent_statuses SET until = \(status.until?.description)::date, term_months = \(status.termMonths),
                disability_grade = \(status.disabilityGrade.map(Int16.init)), disability_type = \(status.disabilityType?.rawValue),
                recorded_by = \(actor), recorded_at = now()
            WHERE child_id = \(child) AND parent = \(status.parent.rawValue) AND condition = \(status.condition.rawValue) AND since = \(status.since.description)::date
            RETURNING id
            """, logger: logger
        ).decode(Int64.self).first()
        guard updated == nil else { return }
        try await connection.run(
            """
            INSERT INTO registry.parent_statuses (child_id, parent, condition, since, until, term_months, disability_grade, disability_type, recorded_by)
            VALUES (\(child), \(status.parent.rawValue), \(status.condition.rawValue), \(status.since.description)::date, \(status.until?.description)::date,
                    \(status.termMonths), \(status.disabilityGrade.map(Int16.init)), \(status.disabilityType?.rawValue), \(actor))
            """, logger: logger)
    }

    // MARK: - Categories

    /// Derives the categories from the facts on `today`: new ones start today (with their rule and facts); derived
    /// ones no longer supported are NOT ended but put in exit review (应退未退) with the reason. Publishes
    /// `registry.categories.changed` when the set changed and `registry.exit-review.opened` per new review.
    func rederive(_ child: UUID, by actor: String, today: CalendarDate, _ connection: PostgresConnection) async throws {
        guard let facts = try await facts(child, connection) else { return }
        let rules = try await rules(for: facts.residence, on: today, connection)
        let derived = CategoryRules.derive(facts.facts, on: today, rules: rules)
        let current = try await currentCategories(child, connection)
        let held = Set(current.filter { $0.source == "derived" }.map(\.category))
        var changed = false
        for derivation in derived where !held.contains(derivation.category) {
            try await connection.run(
                """
                INSERT INTO registry.categories (child_id, category, starts, source, rule, facts, recorded_by)
                VALUES (\(child), \(derivation.category.rawValue), \(today.description)::date, 'derived', \(derivation.rule), \(derivation.facts), \(actor))
                """, logger: logger)
            changed = true
        }
        for trigger in ExitRules.triggers(previous: held, facts: facts.facts, on: today, rules: rules) {
            let opened = try await connection.query(
                """
                INSERT INTO registry.exit_reviews (child_id, category, reason, opened_on)
                SELECT \(child), \(trigger.category.rawValue), \(trigger.explanation), \(today.description)::date
                WHERE NOT EXISTS (SELECT 1 FROM registry.exit_reviews WHERE child_id = \(child) AND category = \(trigger.category.rawValue) AND resolved_on IS NULL)
                RETURNING id
                """, logger: logger
            ).decode(Int64.self).first()
            if opened != nil {
                try await context.events.publish(
                    RegistryTopics.exitReviewOpened,
                    RegistryInterface.ExitReviewOpened(child: child, category: trigger.category, reason: trigger.explanation),
                    child: child, district: facts.residence, on: connection)
            }
        }
        if changed {
            try await context.events.publish(
                RegistryTopics.categoriesChanged,
                ChildCategories(
                    child: child, residenceDistrict: facts.residence, hukouDistrict: facts.hukou, birthDate: facts.facts.birthDate,
                    categories: try await currentCategories(child, connection).map(\.category)), child: child, district: facts.residence,
                on: connection)
        }
    }

    func currentCategories(_ child: UUID, _ connection: PostgresConnection) async throws -> [FileCategory] {
        try await connection.query(
            """
            SELECT category, starts, source, rule, facts, reason FROM registry.categories
            WHERE child_id = \(child) AND ends IS NULL ORDER BY starts, id
            """, logger: logger
        ).decode((String, CalendarDate, String, String?, [String], String?).self).collect().map {
            FileCategory(category: ChildCategory(rawValue: $0.0), starts: $0.1, source: $0.2, rule: $0.3, facts: $0.4, reason: $0.5)
        }
    }

    /// The facts the rules need, read from the file and its parent statuses.
    func facts(_ child: UUID, _ connection: PostgresConnection) async throws -> (
        facts: ChildFacts, residence: DistrictCode, hukou: DistrictCode
    )? {
        guard
            let row = try await connection.query(
                """
                SELECT birth_date, hukou_type, adopted, deceased, full_time_student, in_institution, residence_district, hukou_district
                FROM registry.files WHERE child_id = \(child)
                """, logger: logger
            ).decode((CalendarDate, String?, Bool, Bool, Bool, Bool, DistrictCode, DistrictCode).self).first()
        else { return nil }
        let parents = try await parentStatuses(child, connection)
        let facts = ChildFacts(
            birthDate: row.0, hukouType: row.1.flatMap(HukouType.init(rawValue:)) ?? .urban,
            parents: parents, adopted: row.2, deceased: row.3, fullTimeStudent: row.4, inInstitution: row.5)
        return (facts, row.6, row.7)
    }

    func parentStatuses(_ child: UUID, _ connection: PostgresConnection) async throws -> [ParentStatus] {
        try await connection.query(
            """
            SELECT parent, condition, since, until, term_months, disability_grade, disability_type
            FROM registry.parent_statuses WHERE child_id = \(child) ORDER BY since, id
            """, logger: logger
        ).decode((String, String, CalendarDate, CalendarDate?, Int?, Int16?, String?).self).collect().compactMap { row in
            guard let parent = Parent(rawValue: row.0), let condition = ParentCondition(rawValue: row.1) else { return nil }
            return ParentStatus(
                parent: parent, condition: condition, since: row.2, until: row.3,
                termMonths: row.4, disabilityGrade: row.5.map(Int.init), disabilityType: row.6.flatMap(DisabilityType.init(rawValue:)))
        }
    }
}
