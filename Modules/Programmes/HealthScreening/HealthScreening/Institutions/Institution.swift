import Contract
import Foundation

/// 医疗卫生机构 — an institution of the screening network with its district and kind: a hospital (助产机构), a
/// township health centre (乡镇卫生院/社区卫生服务中心), a maternal and child health hospital (妇幼保健院), a newborn
/// screening centre (新生儿疾病筛查中心) or a designated diagnosis centre (诊断机构). Its staff act in its district's scope;
/// a centre reaches the children referred to it.
struct Institution: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    /// 机构名称, unique in its district.
    let title: String
    let kind: Kind
    let district: DistrictCode

    enum Kind: String, Codable, Sendable, CaseIterable, PostgresTextEnum {
        case hospital
        case townshipCentre = "township-centre"
        case mch
        case screeningCentre = "screening-centre"
        case diagnosisCentre = "diagnosis-centre"
    }

    static var examples: [Institution] {
        get throws {
            [
                Institution(
                    id: try Example.uuid("7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"), title: "常州市新生儿疾病筛查中心", kind: .screeningCentre,
                    district: try Example.district("320411000000"))
            ]
        }
    }
}

/// A new institution as a manager records it.
struct InstitutionRequest: Decodable, Sendable {
    let title: String
    let kind: Institution.Kind
    let district: String

    static let schema = JSONValue.objectSchema(
        [
            "title": .stringSchema("机构名称"),
            "kind": [
                "type": "string", "enum": .array(Institution.Kind.allCases.map { .string($0.rawValue) }),
                "description": "机构类别: hospital 助产机构, township-centre 乡镇卫生院, mch 妇幼保健院, screening-centre 筛查中心, diagnosis-centre 诊断机构"
            ],
            "district": .districtCodeSchema
        ], required: ["title", "kind", "district"])
}

/// 机构人员 — a user who belongs to an institution.
struct InstitutionStaff: Codable, Sendable, Equatable, DocumentedBody {
    let username: String
    let institution: UUID
    let addedAt: Date

    /// The user to add, as a manager names them.
    struct Request: Decodable, Sendable {
        let username: String

        static let schema = JSONValue.objectSchema(["username": .stringSchema("用户名")], required: ["username"])
    }

    static var examples: [InstitutionStaff] {
        get throws {
            [
                InstitutionStaff(
                    username: "zhang.hong", institution: try Example.uuid("7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"),
                    addedAt: try Example.instant("2026-11-02T02:00:00Z"))
            ]
        }
    }
}
