import Contract
import Foundation

/// 新生儿 — a newborn as the birth hospital registers it, known by the mother's ID number (shown masked), the birth
/// datetime, sex and birth order and the hospital's record number (住院号) until the child's own ID number is issued and
/// the newborn is linked to the core children index (`child`).
struct Newborn: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    /// The district that follows the newborn (the family's residence).
    let district: DistrictCode
    /// The birth hospital's district.
    let birthDistrict: DistrictCode
    /// 母亲身份证号, masked (`320412********1234`).
    let motherIdNumber: String
    let bornAt: Date
    let sex: CitizenID.Sex
    let birthOrder: Int
    let hospital: String
    let hospitalRecord: String
    /// The core child it is linked to, once matched.
    let child: UUID?

    static var examples: [Newborn] {
        get throws {
            [
                Newborn(
                    id: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4"), district: try Example.district("320412100201"),
                    birthDistrict: try Example.district("320412000000"), motherIdNumber: "320412********0027",
                    bornAt: try Example.instant("2026-11-01T02:30:00Z"), sex: .female, birthOrder: 1, hospital: "武进区妇幼保健院",
                    hospitalRecord: "ZY2026110012", child: try Example.uuid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")),
                Newborn(
                    id: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c5"), district: try Example.district("320412100201"),
                    birthDistrict: try Example.district("320412000000"), motherIdNumber: "320412********0027",
                    bornAt: try Example.instant("2026-11-01T02:31:00Z"), sex: .male, birthOrder: 2, hospital: "武进区妇幼保健院",
                    hospitalRecord: "ZY2026110013", child: nil)
            ]
        }
    }
}

/// What a birth hospital sends to register a newborn; `validated(today:)` checks it field by field.
struct NewbornRegistration: Decodable, Sendable {
    let district: String
    let birthDistrict: String
    let motherIdNumber: String
    /// RFC 3339 with its offset (`2026-11-01T10:30:00+08:00`).
    let bornAt: String
    let sex: String
    let birthOrder: Int
    let hospital: String
    let hospitalRecord: String
    /// 迁入时间: set for a newborn born elsewhere and registered here later; deadlines that closed before it do not apply.
    let arrivedAt: String?

    struct Validated: Sendable {
        let district: DistrictCode
        let birthDistrict: DistrictCode
        let mother: CitizenID
        let bornAt: Date
        let sex: CitizenID.Sex
        let birthOrder: Int
        let hospital: String
        let hospitalRecord: String
        let arrivedAt: Date?
    }

    static let schema = JSONValue.objectSchema(
        [
            "district": .districtCodeSchema, "birthDistrict": .districtCodeSchema,
            "motherIdNumber": .stringSchema("母亲身份证号 (只存盲索引与密文)"),
            "bornAt": .stringSchema("出生时间, 带时区 (如 2026-11-01T10:30:00+08:00)", format: "date-time"),
            "sex": ["type": "string", "enum": ["M", "F"], "description": "性别"],
            "birthOrder": ["type": "integer", "minimum": 1, "maximum": 9, "description": "出生顺序 (双胎为 1、2)"],
            "hospital": .stringSchema("助产机构名称"), "hospitalRecord": .stringSchema("助产机构住院号/病历号"),
            "arrivedAt": .stringSchema("迁入时间, 带时区 (外地出生、迁入后登记的新生儿填)", format: "date-time")
        ], required: ["district", "birthDistrict", "motherIdNumber", "bornAt", "sex", "birthOrder", "hospital", "hospitalRecord"])

    /// Every field checked; a 422 names the one at fault. The birth is not in the future of `now`.
    func validated(now: Date) throws -> Validated {
        let district = try BodyInput.district(district, "district")
        let birthDistrict = try BodyInput.district(self.birthDistrict, "birthDistrict")
        let mother = try Self.mother(motherIdNumber, today: CalendarDate.today(now))
        let bornAt = try Instant.parse(bornAt, "bornAt", notAfter: now)
        guard let sex = CitizenID.Sex(rawValue: sex) else { throw Problem.invalid("sex", "性别应为 M 或 F", "sex must be M or F") }
        guard (1...9).contains(birthOrder) else {
            throw Problem.invalid("birthOrder", "出生顺序应为 1 到 9", "birthOrder must be 1 to 9")
        }
        let hospital = try Self.bounded(hospital, "hospital", 100)
        let record = try Self.bounded(hospitalRecord, "hospitalRecord", 50)
        let arrived = try arrivedAt.map { try Instant.parse($0, "arrivedAt", notAfter: now) }
        if let arrived, arrived < bornAt {
            throw Problem.invalid("arrivedAt", "迁入时间早于出生时间", "arrivedAt is before the birth")
        }
        return Validated(
            district: district, birthDistrict: birthDistrict, mother: mother, bornAt: bornAt, sex: sex, birthOrder: birthOrder,
            hospital: hospital, hospitalRecord: record, arrivedAt: arrived)
    }

    /// The mother's ID number (GB 11643); a 422 naming `motherIdNumber`.
    static func mother(_ text: String, today: CalendarDate) throws -> CitizenID {
        do { return try CitizenID(text, today: today) } catch let problem {
            throw Problem.invalid("motherIdNumber", problem.detail.zh, "motherIdNumber: " + problem.detail.en)
        }
    }

    /// The trimmed text, not blank and at most `limit` characters.
    static func bounded(_ text: String, _ field: String, _ limit: Int) throws -> String {
        let text = try BodyInput.text(text, field)
        guard text.count <= limit else { throw Problem.invalid(field, "不能超过 \(limit) 个字", "\(field) is longer than \(limit) characters") }
        return text
    }
}

/// An instant as callers send it: RFC 3339 with an offset, never a bare local time.
enum Instant {
    /// The instant of `text`; a 422 naming `field` when it is not RFC 3339 with an offset or lies after `notAfter`.
    static func parse(_ text: String, _ field: String, notAfter: Date) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let instant = formatter.date(from: text.trimmingCharacters(in: .whitespaces)) else {
            throw Problem.invalid(field, "时间应为带时区的 RFC 3339 格式, 如 2026-11-01T10:30:00+08:00", "\(field) must be RFC 3339 with an offset")
        }
        guard instant <= notAfter else { throw Problem.invalid(field, "时间不能在未来", "\(field) is in the future") }
        return instant
    }
}
