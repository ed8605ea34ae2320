import Contract
import Foundation

/// 筛查链 — one newborn's screening for one condition, with its steps in the order they happened; `outcome` once closed.
struct Chain: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    let newborn: UUID
    let condition: String
    let title: Localized
    let method: Condition.Method
    /// The link the chain has reached (its last step's), `nil` before the first.
    let stage: Link?
    let outcome: String?
    let steps: [Step]
    /// Every link's deadline from the birth, as the schedule engine planned it, with met / missed / pending.
    let deadlines: [LinkDeadline]

    static var examples: [Chain] {
        get throws {
            [
                Chain(
                    id: try Example.uuid("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
                    newborn: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4"),
                    condition: "pku", title: .init(zh: "苯丙酮尿症", en: "Phenylketonuria"), method: .bloodSpot, stage: .outcome,
                    outcome: "normal", steps: try Step.examples, deadlines: try LinkDeadline.examples),
                Chain(
                    id: try Example.uuid("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e60"),
                    newborn: try Example.uuid("0b7d4c1e-2f3a-4b5c-8d6e-7f8091a2b3c4"),
                    condition: "hearing", title: .init(zh: "听力障碍", en: "Hearing loss"), method: .screen, stage: nil, outcome: nil,
                    steps: [],
                    deadlines: [])
            ]
        }
    }
}

/// 筛查环节 — one step of a chain. `detail` (a laboratory value, a diagnosis) is sensitive personal information (PIPL
/// 第28条): only a caller with `health-screening.diagnosis.read` receives it.
struct Step: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    let link: Link
    let state: String
    let occurredAt: Date
    let institution: String?
    /// Who signed, who was told.
    let person: String?
    /// How the guardian was told: phone, sms, visit or letter.
    let method: String?
    let reason: String?
    let detail: String?
    let recordedBy: String

    static var examples: [Step] {
        get throws {
            [
                Step(
                    id: try Example.uuid("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"), link: .recall, state: "notified",
                    occurredAt: try Example.instant("2026-11-12T01:00:00Z"), institution: "武进区妇幼保健院", person: "母亲",
                    method: "phone", reason: "复查", detail: "Phe 156 μmol/L", recordedBy: "wang"),
                Step(
                    id: try Example.uuid("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6b"), link: .consent, state: "signed",
                    occurredAt: try Example.instant("2026-11-01T04:00:00Z"), institution: nil, person: nil, method: nil, reason: nil,
                    detail: nil, recordedBy: "wang")
            ]
        }
    }
}

/// A step as a caller records it; which members it needs depends on the link (a recall notice: person and method; a
/// referral: the centre as institution; a rejection or loss to follow-up: the reason).
struct StepRecord: Decodable, Sendable {
    let state: String
    /// RFC 3339 with its offset; when the step happened, not before the birth, not in the future.
    let occurredAt: String
    let institution: String?
    let person: String?
    let method: String?
    let reason: String?
    let detail: String?

    static func schema(_ link: Link) -> JSONValue {
        .objectSchema(
            [
                "state": ["type": "string", "enum": .array(link.states.map { .string($0) }), "description": .string("\(link.title.zh)的状态")],
                "occurredAt": .stringSchema("发生时间, 带时区", format: "date-time"),
                "institution": .stringSchema("机构 (采血/筛查、转诊的确诊机构、治疗机构须填)"),
                "person": .stringSchema("签署人/被通知人"),
                "method": ["type": "string", "enum": ["phone", "sms", "visit", "letter"], "description": "通知方式"],
                "reason": .stringSchema("原因 (拒收转诊、失访须填)"), "detail": .stringSchema("检测值或诊断 (敏感信息)")
            ], required: ["state", "occurredAt"])
    }
}

/// A newborn's file: the record, its chains and every attempt to link it to the core children index.
struct NewbornFile: Codable, Sendable, Equatable, DocumentedBody {
    let newborn: Newborn
    let chains: [Chain]
    let links: [LinkAttempt]

    static var examples: [NewbornFile] {
        get throws {
            let newborns = try Newborn.examples
            return [
                NewbornFile(newborn: newborns[0], chains: try Chain.examples, links: try LinkAttempt.examples),
                NewbornFile(newborn: newborns[1], chains: [], links: [])
            ]
        }
    }
}

/// 关联 — one explicit attempt to link a newborn to a child of the core index by the child's ID number: `matched` (linked),
/// `unmatched` (no such child in the caller's scope, or its birth date or sex disagree) or `ambiguous` (a same-sex
/// sibling of the same birth could be the one: not linked unless the caller confirms). Never merged silently.
struct LinkAttempt: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    let outcome: Outcome
    let child: UUID?
    let reason: String?
    let attemptedBy: String
    let attemptedAt: Date

    enum Outcome: String, Codable, Sendable, PostgresTextEnum {
        case matched, unmatched, ambiguous
    }

    static var examples: [LinkAttempt] {
        get throws {
            [
                LinkAttempt(
                    id: try Example.uuid("3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"), outcome: .matched,
                    child: try Example.uuid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), reason: "已核对出生医学证明", attemptedBy: "li",
                    attemptedAt: try Example.instant("2026-12-01T02:00:00Z")),
                LinkAttempt(
                    id: try Example.uuid("3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7c"), outcome: .unmatched, child: nil, reason: nil,
                    attemptedBy: "li", attemptedAt: try Example.instant("2026-11-30T02:00:00Z"))
            ]
        }
    }
}

/// The child's ID number to link a newborn with; `confirm` links despite a same-sex sibling of the same birth, once the
/// caller has checked the birth certificate (出生医学证明).
struct LinkRequest: Decodable, Sendable {
    let idNumber: String
    let confirm: Bool?

    static let schema = JSONValue.objectSchema(
        [
            "idNumber": .stringSchema("儿童本人的身份证号"),
            "confirm": ["type": "boolean", "description": "已核对出生医学证明: 同胎同性别时仍关联"]
        ], required: ["idNumber"])
}
