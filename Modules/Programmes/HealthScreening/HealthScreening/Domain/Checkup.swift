import Contract
import Foundation

/// 体检记录 — one encounter of 0–6 health management as recorded, once per child and encounter: the check-up's
/// measurements and findings and, when it was done on the same visit, the eye check's acuity, findings and the
/// referral it calls for. Findings are health information: only a caller who records check-ups or reads diagnoses in
/// the newborn's districts receives them (`nil` otherwise).
struct CheckupEncounter: Codable, Sendable, Equatable, DocumentedBody {
    let encounter: String
    let examinedOn: CalendarDate
    let institution: String
    let eyeChecked: Bool
    let weightGrams: Int?
    let lengthMm: Int?
    let findings: String?
    let acuityLeft: Double?
    let acuityRight: Double?
    let eyeFindings: String?
    /// Why the eye check refers the child (`health-screening.eye-referral-acuity`), `nil` when it does not.
    let eyeReferral: String?
    let recordedBy: String

    static var examples: [CheckupEncounter] {
        get throws {
            [
                CheckupEncounter(
                    encounter: "3y", examinedOn: try Example.date("2029-11-22"), institution: "湖塘镇社区卫生服务中心", eyeChecked: true,
                    weightGrams: 14_500, lengthMm: 960, findings: "生长发育正常", acuityLeft: 0.4, acuityRight: 0.6, eyeFindings: "左眼视力低",
                    eyeReferral: "左眼 0.4 低于 0.5 (36 月龄起的转诊标准), 建议转诊", recordedBy: "li"),
                CheckupEncounter(
                    encounter: "3m", examinedOn: try Example.date("2027-02-21"), institution: "湖塘镇社区卫生服务中心", eyeChecked: false,
                    weightGrams: nil, lengthMm: nil, findings: nil, acuityLeft: nil, acuityRight: nil, eyeFindings: nil, eyeReferral: nil,
                    recordedBy: "li")
            ]
        }
    }
}

/// A newborn's check-up schedule: each encounter with the deadlines of its check-up and eye check, the required
/// items it still waits for, and its record once made.
struct CheckupFile: Codable, Sendable, Equatable, DocumentedBody {
    struct Due: Codable, Sendable, Equatable {
        let encounter: String
        let title: Localized
        let checkup: LinkDeadline?
        let eyeCheck: LinkDeadline?
        /// Required items neither done nor skipped (the encounter is due while any waits).
        let waiting: [String]
        let record: CheckupEncounter?
    }

    let newborn: UUID
    let encounters: [Due]

    static var examples: [CheckupFile] {
        get throws {
            let deadlines = try LinkDeadline.examples
            let records = try CheckupEncounter.examples
            return [
                CheckupFile(
                    newborn: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4"),
                    encounters: [
                        Due(
                            encounter: "3y", title: .init(zh: "36 月龄健康检查", en: "36-month check-up"), checkup: deadlines[0],
                            eyeCheck: deadlines[1], waiting: ["eye-3y"], record: records[0]),
                        Due(
                            encounter: "4y", title: .init(zh: "4 岁健康检查", en: "4-year check-up"), checkup: nil, eyeCheck: nil, waiting: [],
                            record: nil)
                    ])
            ]
        }
    }
}

/// A check-up as the township health centre or 妇幼 records it; `eye` when the eye check was done on the same visit.
struct CheckupRecord: Decodable, Sendable {
    let encounter: String
    /// `yyyy-MM-dd`, not before the birth date, not in the future.
    let examinedOn: String
    let institution: String
    let weightGrams: Int?
    let lengthMm: Int?
    let findings: String?
    let eye: EyeCheck?

    struct EyeCheck: Decodable, Sendable {
        let acuityLeft: Double?
        let acuityRight: Double?
        let findings: String?
        /// An abnormal eye screen (red reflex, eye position, …): referred at any age.
        let abnormal: Bool?
    }

    struct Validated: Sendable {
        let encounter: CheckupSchedule.Encounter
        let examinedOn: CalendarDate
        let institution: String
        let weightGrams: Int?
        let lengthMm: Int?
        let findings: String?
        let eye: EyeCheck?
    }

    static let schema = JSONValue.objectSchema(
        [
            "encounter": [
                "type": "string", "enum": .array(CheckupSchedule.encounters.map { .string($0.code) }),
                "description": "体检次序 (newborn 家庭访视, 1m 满月 … 6y)"
            ],
            "examinedOn": .stringSchema("体检日期", format: "date"), "institution": .stringSchema("体检机构"),
            "weightGrams": ["type": "integer", "minimum": 300, "maximum": 60000, "description": "体重 (克)"],
            "lengthMm": ["type": "integer", "minimum": 200, "maximum": 1600, "description": "身长/身高 (毫米)"],
            "findings": .stringSchema("体检所见 (敏感信息)"),
            "eye": .objectSchema(
                [
                    "acuityLeft": ["type": "number", "minimum": 0, "maximum": 2, "description": "左眼小数视力"],
                    "acuityRight": ["type": "number", "minimum": 0, "maximum": 2, "description": "右眼小数视力"],
                    "findings": .stringSchema("眼保健所见 (敏感信息)"),
                    "abnormal": ["type": "boolean", "description": "眼病筛查异常 (任何年龄均转诊)"]
                ], required: [])
        ], required: ["encounter", "examinedOn", "institution"])

    /// Every field checked against the birth date and today; a 422 names the one at fault.
    func validated(bornOn birth: CalendarDate, today: CalendarDate) throws -> Validated {
        guard let encounter = CheckupSchedule.encounter(encounter) else {
            throw Problem.invalid(
                "encounter", "体检次序应为 \(CheckupSchedule.encounters.map(\.code).joined(separator: "/"))", "unknown encounter \(encounter)")
        }
        guard let day = CalendarDate(examinedOn) else {
            throw Problem.invalid("examinedOn", "体检日期应为 yyyy-MM-dd", "examinedOn must be a date yyyy-MM-dd")
        }
        guard day >= birth else { throw Problem.invalid("examinedOn", "体检日期早于出生日期", "examinedOn is before the birth") }
        guard day <= today else { throw Problem.invalid("examinedOn", "体检日期不能在未来", "examinedOn is in the future") }
        for (value, field, range) in [(weightGrams, "weightGrams", 300...60_000), (lengthMm, "lengthMm", 200...1_600)] {
            if let value, !range.contains(value) {
                throw Problem.invalid(field, "\(field) 应在 \(range.lowerBound) 到 \(range.upperBound) 之间", "\(field) must be in \(range)")
            }
        }
        for (value, field) in [(eye?.acuityLeft, "eye.acuityLeft"), (eye?.acuityRight, "eye.acuityRight")] {
            if let value, !(0...2).contains(value) {
                throw Problem.invalid(field, "小数视力应在 0 到 2 之间", "\(field) must be a decimal acuity from 0 to 2")
            }
        }
        func optional(_ text: String?, _ field: String) throws -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return try NewbornRegistration.bounded(text, field, 2000)
        }
        let eye = try eye.map {
            EyeCheck(
                acuityLeft: $0.acuityLeft, acuityRight: $0.acuityRight, findings: try optional($0.findings, "eye.findings"),
                abnormal: $0.abnormal)
        }
        return Validated(
            encounter: encounter, examinedOn: day, institution: try NewbornRegistration.bounded(institution, "institution", 100),
            weightGrams: weightGrams, lengthMm: lengthMm, findings: try optional(findings, "findings"), eye: eye)
    }
}
