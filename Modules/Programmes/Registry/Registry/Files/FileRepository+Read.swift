import Contract
import Foundation
import Pinyin
import PostgresNIO

/// The read side: a whole file, and rosters filtered by district subtree, category, colour, overdue state, age and
/// name, paginated by keyset (the child id).
extension FileRepository {
    /// A file as read — ID and phone numbers masked — with what a reveal opens (`unmasked`).
    struct SealedFile: Sendable {
        let file: ChildFileView
        let core: Child
        let contacts: SealedContacts
    }

    /// The file of `child` as read, masked.
    func view(_ child: UUID, today: CalendarDate, _ connection: PostgresConnection) async throws -> SealedFile? {
        guard let core = try await context.children.find(child, on: connection),
            let row = try await connection.query(
                """
                SELECT responsible_district, hukou_type, ethnicity, living_with, boarding, school, grade, health, disability_type,
                       disability_grade, economic_status, contacts::text, risk_colour, last_visit_on, next_visit_due,
                       contacts_cipher, contacts_key
                FROM registry.files WHERE child_id = \(child)
                """, logger: logger
            ).decode(
                (
                    DistrictCode, String?, String?, String?, Bool?, String?, String?, String?, String?, Int16?, [String], String, String,
                    CalendarDate?, CalendarDate, Data?, String?
                ).self
            ).first()
        else { return nil }
        var details: [String: String] = [:]
        for (key, value) in [
            ("ethnicity", row.2), ("livingWith", row.3), ("school", row.5), ("grade", row.6), ("health", row.7), ("disabilityType", row.8)
        ] {
            if let value { details[key] = value }
        }
        if let boarding = row.4 { details["boarding"] = boarding ? "true" : "false" }
        if let grade = row.9 { details["disabilityGrade"] = String(grade) }
        if !row.10.isEmpty { details["economicStatus"] = row.10.joined(separator: ",") }
        let contacts = SealedContacts(masked: row.11, cipher: row.15, keyID: row.16)
        let nextDue = row.14
        let pending = try await connection.query(
            """
            SELECT id, colour, reason, requested_by FROM registry.risk_changes WHERE child_id = \(child) AND status = 'pending' ORDER BY id DESC LIMIT 1
            """, logger: logger
        ).decode((Int64, String, String, String).self).first().map {
            PendingRiskChange(id: $0.0, colour: $0.1, reason: $0.2, requestedBy: $0.3)
        }
        let reviews = try await connection.query(
            """
            SELECT id, category, reason, opened_on FROM registry.exit_reviews WHERE child_id = \(child) AND resolved_on IS NULL ORDER BY id
            """, logger: logger
        ).decode((Int64, String, String, CalendarDate).self).collect().map {
            ExitReview(id: $0.0, category: $0.1, reason: $0.2, openedOn: $0.3)
        }
        let visits = try await connection.query(
            """
            SELECT id, visited_on, visitor, mode, colour_after, reviewed_at IS NOT NULL FROM registry.visits
            WHERE child_id = \(child) ORDER BY visited_on DESC, recorded_at DESC LIMIT 10
            """, logger: logger
        ).decode((UUID, CalendarDate, String, String, String, Bool).self).collect().map {
            VisitSummary(id: $0.0, visitedOn: $0.1, visitor: $0.2, mode: $0.3, colourAfter: $0.4, reviewed: $0.5)
        }
        let transfer = try await connection.query(
            """
            SELECT id, to_district, reason, proposed_at FROM registry.transfers WHERE child_id = \(child) AND status = 'proposed'
            """, logger: logger
        ).decode((Int64, DistrictCode, String, Date).self).first().map {
            PendingTransfer(id: $0.0, toDistrict: $0.1, reason: $0.2, proposedAt: $0.3)
        }
        let file = ChildFileView(
            id: core.id, name: core.name, idNumberMasked: core.idNumberMasked, idNumber: nil, sex: core.sex.rawValue,
            birthDate: core.birthDate, residenceDistrict: core.residenceDistrict, hukouDistrict: core.hukouDistrict,
            responsibleDistrict: row.0, hukouType: row.1, details: details,
            contacts: contacts.maskedContacts, riskColour: row.12, lastVisitOn: row.13,
            nextVisitDue: nextDue, overdue: nextDue < today, categories: try await currentCategories(child, connection),
            parents: try await parentStatuses(child, connection), pendingRiskChange: pending, openExitReviews: reviews,
            recentVisits: visits,
            careAgreements: try await AgreementRepository(context: context).agreements(of: child, connection), pendingTransfer: transfer,
            statuses: try await context.childStatuses.current(of: child, on: connection))
        return SealedFile(file: file, core: core, contacts: contacts)
    }

    /// The file with its ID number and phones opened (each left masked if it cannot be opened). Only for a view that
    /// shows them: `Call.reveal` decides and audits.
    func unmasked(_ sealed: SealedFile) -> ChildFileView {
        var file = sealed.file
        file.idNumber = context.children.unmasked(sealed.core).idNumber
        file.contacts = sealed.contacts.opened(keyring: context.children.keyring)
        return file
    }

    /// The contacts of each of `children` the caller sees, as stored (masked, and sealed for a reveal).
    func contacts(of children: [UUID], _ connection: PostgresConnection) async throws -> [UUID: SealedContacts] {
        var contacts: [UUID: SealedContacts] = [:]
        for try await (child, masked, cipher, keyID) in try await connection.query(
            """
            SELECT child_id, contacts::text, contacts_cipher, contacts_key FROM registry.files WHERE child_id = ANY(\(children))
            """, logger: logger
        ).decode((UUID, String, Data?, String?).self) {
            contacts[child] = SealedContacts(masked: masked, cipher: cipher, keyID: keyID)
        }
        return contacts
    }

    /// Filters of a roster; all optional.
    struct RosterFilter: Sendable {
        var district: DistrictCode?
        var category: String?
        var colour: String?
        var overdue: Bool?
        var minimumAge: Int?
        var maximumAge: Int?
        var namePrefix: String?
        var after: UUID?
        var limit = 50
    }

    /// One page of the roster, ordered by child id; pass the last id as `after` for the next page.
    func roster(_ filter: RosterFilter, today: CalendarDate, _ connection: PostgresConnection) async throws -> [RosterEntry] {
        let range = filter.district?.subtree ?? DistrictScope.everywhere.ranges[0]
        // Age a..b on `today`: born after today−(b+1) years and on or before today−a years.
        let bornAfter = filter.maximumAge.map { Self.yearsBefore(today, $0 + 1) }
        let bornBy = filter.minimumAge.map { Self.yearsBefore(today, $0) }
        let name = filter.namePrefix.map { Self.likePrefix($0) }
        let initials = filter.namePrefix.flatMap { PinyinInitials.isInitials($0) ? Self.likePrefix($0.lowercased()) : nil }
        return try await connection.query(
            """
            SELECT \(unescaped: RosterEntry.columns)
            FROM registry.files f JOIN core.children c ON c.id = f.child_id
            WHERE (f.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound) OR f.hukou_district BETWEEN \(range.lowerBound) AND \(range.upperBound))
              AND (\(filter.category)::text IS NULL OR EXISTS (SELECT 1 FROM registry.categories k WHERE k.child_id = f.child_id AND k.ends IS NULL AND k.category = \(filter.category)))
              AND (\(filter.colour)::text IS NULL OR f.risk_colour = \(filter.colour))
              AND (\(filter.overdue)::boolean IS NULL OR (f.next_visit_due < \(today)) = \(filter.overdue))
              AND (\(bornAfter)::date IS NULL OR f.birth_date > \(bornAfter)::date)
              AND (\(bornBy)::date IS NULL OR f.birth_date <= \(bornBy)::date)
              AND (\(name)::text IS NULL OR f.name LIKE \(name)
                   OR (\(initials)::text IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(f.name_initials) i WHERE i LIKE \(initials))))
              AND (\(filter.after)::uuid IS NULL OR f.child_id > \(filter.after))
            ORDER BY f.child_id LIMIT \(filter.limit)
            """, logger: logger
        ).decode(RosterEntry.Row.self).collect().map(RosterEntry.init)
    }

    /// `text%` for LIKE, with the pattern characters in `text` escaped.
    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
            of: "_", with: "\\_") + "%"
    }

    /// The same day `years` earlier (29 February becomes 28 February; saturates at 0001-01-01).
    static func yearsBefore(_ date: CalendarDate, _ years: Int) -> CalendarDate { date.adding(months: -12 * years) }
}
