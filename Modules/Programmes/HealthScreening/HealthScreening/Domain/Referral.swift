import Contract
import Foundation

/// 残疾筛查转介 — one step of a child's 0–6 disability screening (《0-6岁儿童残疾筛查工作规范(试行)》, 残联厅发〔2013〕8号):
/// a positive first screen at the township health centre is referred for rescreen (复筛, county 妇幼), a positive rescreen
/// for diagnostic assessment (诊断评估, a designated institution), a confirmed disability for rehabilitation assistance
/// (康复救助申请, 国发〔2018〕20号). The receiving institution accepts or rejects it with a reason, then answers with its result.
/// `finding` and `resultFinding` are sensitive (PIPL 第28条): only a caller with `health-screening.diagnosis.read` receives them.
struct Referral: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    let child: UUID
    let disability: Disability
    let step: ReferralStep
    let toInstitution: String
    /// The receiving institution's record, when the referral named one: its staff reach the child through it.
    let institution: UUID?
    let toDistrict: DistrictCode
    let state: State
    let reason: String?
    let result: String?
    let finding: String?
    let resultFinding: String?
    let referredAt: Date

    /// 五类残疾: 视力, 听力, 肢体, 智力, 孤独症.
    enum Disability: String, Codable, Sendable, CaseIterable, PostgresTextEnum {
        case vision, hearing, limb, intellectual, autism
    }

    enum State: String, Codable, Sendable, PostgresTextEnum {
        case referred, accepted, rejected, completed
    }

    static var examples: [Referral] {
        get throws {
            [
                Referral(
                    id: try Example.uuid("4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c"),
                    child: try Example.uuid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
                    disability: .hearing, step: .diagnosis, toInstitution: "常州市儿童医院",
                    institution: try Example.uuid("7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"), toDistrict: try Example.district("320400000000"),
                    state: .completed, reason: "已接收", result: "positive", finding: "复筛双耳未通过", resultFinding: "双耳中度感音神经性听力损失",
                    referredAt: try Example.instant("2026-11-02T02:00:00Z")),
                Referral(
                    id: try Example.uuid("4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7d"),
                    child: try Example.uuid("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
                    disability: .hearing, step: .rescreen, toInstitution: "武进区妇幼保健院", institution: nil,
                    toDistrict: try Example.district("320412000000"),
                    state: .referred, reason: nil, result: nil, finding: nil, resultFinding: nil,
                    referredAt: try Example.instant("2026-10-02T02:00:00Z"))
            ]
        }
    }
}

/// The rungs of the ladder, in order; each needs the one before it completed positive (or approved).
enum ReferralStep: String, Codable, Sendable, CaseIterable, PostgresTextEnum {
    case rescreen, diagnosis, rehabilitation

    /// The results the receiving institution may give.
    var results: [String] { self == .rehabilitation ? ["approved", "declined"] : ["positive", "negative"] }

    /// The step whose positive result this one needs; the first screen (recorded as the rescreen's `finding`) for a rescreen.
    var previous: ReferralStep? {
        switch self {
        case .rescreen: nil
        case .diagnosis: .rescreen
        case .rehabilitation: .diagnosis
        }
    }
}

/// A referral as the referring institution sends it.
struct ReferralRequest: Decodable, Sendable {
    let child: UUID
    let disability: Referral.Disability
    let step: ReferralStep
    /// The receiving institution's record (`GET /institutions`); its name and district then stand for `toInstitution`
    /// and `toDistrict`, which are required without it.
    let institution: UUID?
    let toInstitution: String?
    let toDistrict: String?
    /// What the referring screen found (required for a rescreen: the positive first screen).
    let finding: String?

    static let schema = JSONValue.objectSchema(
        [
            "child": .stringSchema("儿童编号 (儿童信息库)", format: "uuid"),
            "disability": [
                "type": "string", "enum": .array(Referral.Disability.allCases.map { .string($0.rawValue) }), "description": "残疾类别"
            ],
            "step": ["type": "string", "enum": .array(ReferralStep.allCases.map { .string($0.rawValue) }), "description": "转介到的环节"],
            "institution": .stringSchema("接收机构编号 (机构名录; 给出时以其名称与区划为准)", format: "uuid"),
            "toInstitution": .stringSchema("接收机构 (未给出机构编号时必填)"), "toDistrict": .districtCodeSchema,
            "finding": .stringSchema("转出机构的筛查所见 (复筛转介须填初筛所见; 敏感信息)")
        ], required: ["child", "disability", "step"])
}

/// The receiving institution's answer: accepted, or rejected with a reason; later its result.
struct ReferralAnswer: Decodable, Sendable {
    let state: String?
    let reason: String?
    let result: String?
    let finding: String?

    static let decision = JSONValue.objectSchema(
        [
            "state": ["type": "string", "enum": ["accepted", "rejected"], "description": "接收或拒收"],
            "reason": .stringSchema("原因 (拒收须填)")
        ], required: ["state"])
    static let outcome = JSONValue.objectSchema(
        [
            "result": ["type": "string", "enum": ["positive", "negative", "approved", "declined"], "description": "结果"],
            "finding": .stringSchema("诊断或评估所见 (敏感信息)")
        ], required: ["result"])
}
