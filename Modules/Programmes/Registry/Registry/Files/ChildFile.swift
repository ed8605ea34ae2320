import Contract
import Foundation
import RegistryInterface

/// 联系人 — someone to reach about the child; the phone is sealed (`SealedContacts`) and masked unless the caller may
/// see it.
struct Contact: Codable, Sendable, Equatable {
    var name: String
    var relationship: String
    var phone: String?

    /// The phone masked (`PhoneNumber.masked`).
    var masked: Contact {
        var copy = self
        copy.phone = phone.map(PhoneNumber.masked)
        return copy
    }
}

/// What a file holds beyond the core index — what opening may include and an update may change; sent as
/// top-level JSON fields beside the others.
struct FileDetails: Decodable, Sendable {
    var hukouType: HukouType?
    var ethnicity: String?
    var livingWith: String?
    var boarding: Bool?
    var school: String?
    var grade: String?
    var health: String?
    var disabilityType: String?
    var disabilityGrade: Int?
    var economicStatus: [String]?
    var contacts: [Contact]?
    var inInstitution: Bool?
    var fullTimeStudent: Bool?

    func validate() throws {
        if let grade = disabilityGrade, !(1...4).contains(grade) {
            throw Problem.invalid("disabilityGrade", "残疾等级应为 1 到 4", "disabilityGrade must be 1 to 4")
        }
        for contact in contacts ?? [] { _ = try PhoneNumber.parse(contact.phone, field: "contacts") }
    }
}

/// What opening a file needs: the core index fields, then whatever is known; the rest can be completed later.
struct OpenFileRequest: Sendable {
    var idNumber: String
    var name: String
    var residenceDistrict: String
    var hukouDistrict: String
    var details = FileDetails()
    var parents: [ParentStatus]?
    /// Categories staff assign (poverty, disability, …), each with its reason.
    var categories: [ManualCategory]?
}

extension OpenFileRequest: Decodable {
    private enum Keys: String, CodingKey { case idNumber, name, residenceDistrict, hukouDistrict, parents, categories }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        idNumber = try container.decode(String.self, forKey: .idNumber)
        name = try container.decode(String.self, forKey: .name)
        residenceDistrict = try container.decode(String.self, forKey: .residenceDistrict)
        hukouDistrict = try container.decode(String.self, forKey: .hukouDistrict)
        details = try FileDetails(from: decoder)
        parents = try container.decodeIfPresent([ParentStatus].self, forKey: .parents)
        categories = try container.decodeIfPresent([ManualCategory].self, forKey: .categories)
    }
}

/// A category set by staff rather than derived, with the reason (and optionally a start date).
struct ManualCategory: Codable, Sendable, Equatable {
    var category: ChildCategory
    var reason: String
    var starts: CalendarDate?
}

/// One category in force on the file, with where it came from.
struct FileCategory: Codable, Sendable, Equatable {
    let category: ChildCategory
    let starts: CalendarDate
    let source: String
    let rule: String?
    let facts: [String]
    let reason: String?
}

/// The whole file as the API returns it.
struct ChildFileView: Encodable, Sendable {
    let id: UUID
    let name: String
    let idNumberMasked: String
    var idNumber: String?
    let sex: String
    let birthDate: CalendarDate
    let residenceDistrict: DistrictCode
    let hukouDistrict: DistrictCode
    let responsibleDistrict: DistrictCode
    let hukouType: String?
    let details: [String: String]
    var contacts: [Contact]
    let riskColour: String
    let lastVisitOn: CalendarDate?
    let nextVisitDue: CalendarDate
    let overdue: Bool
    let categories: [FileCategory]
    let parents: [ParentStatus]
    let pendingRiskChange: PendingRiskChange?
    let openExitReviews: [ExitReview]
    let recentVisits: [VisitSummary]
    let careAgreements: [CareAgreement]
    /// A transfer proposed and not yet accepted: until it is, this district stays responsible.
    let pendingTransfer: PendingTransfer?
    /// 儿童状态 — what every programme currently says about the child (dropout control's 辍学劝返中, …), from the core feed.
    let statuses: [ChildStatus]
}

struct PendingTransfer: Codable, Sendable {
    let id: Int64
    let toDistrict: DistrictCode
    let reason: String
    let proposedAt: Date
}

struct PendingRiskChange: Codable, Sendable {
    let id: Int64
    let colour: String
    let reason: String
    let requestedBy: String
}

struct ExitReview: Codable, Sendable {
    let id: Int64
    let category: String
    let reason: String
    let openedOn: CalendarDate
}

struct VisitSummary: Codable, Sendable {
    let id: UUID
    let visitedOn: CalendarDate
    let visitor: String
    let mode: String
    let colourAfter: String
    let reviewed: Bool
}

/// One row of a roster (list, work list, export).
struct RosterEntry: Codable, Sendable {
    /// The columns a roster query selects from `registry.files f JOIN core.children c`, in `Row` order.
    static let columns = """
        f.child_id, f.name, c.id_number_masked, f.birth_date, f.residence_district, f.risk_colour, f.next_visit_due,
        COALESCE((SELECT array_agg(k.category ORDER BY k.category) FROM registry.categories k WHERE k.child_id = f.child_id AND k.ends IS NULL), '{}')
        """
    typealias Row = (UUID, String, String, CalendarDate, DistrictCode, String, CalendarDate, [String])

    init(_ row: Row) {
        self.init(
            id: row.0, name: row.1, idNumberMasked: row.2, birthDate: row.3, residenceDistrict: row.4, riskColour: row.5,
            nextVisitDue: row.6, categories: row.7)
    }

    init(
        id: UUID, name: String, idNumberMasked: String, birthDate: CalendarDate, residenceDistrict: DistrictCode, riskColour: String,
        nextVisitDue: CalendarDate, categories: [String]
    ) {
        self.id = id
        self.name = name
        self.idNumberMasked = idNumberMasked
        self.birthDate = birthDate
        self.residenceDistrict = residenceDistrict
        self.riskColour = riskColour
        self.nextVisitDue = nextVisitDue
        self.categories = categories
    }

    let id: UUID
    let name: String
    let idNumberMasked: String
    let birthDate: CalendarDate
    let residenceDistrict: DistrictCode
    let riskColour: String
    let nextVisitDue: CalendarDate
    let categories: [String]
}
