import Districts
import Foundation
import Vocabulary

/// One row of the children master index (儿童基础信息): shared by every programme, keyed by a stable UUID.
/// `idNumber` is filled only for callers allowed to see it (and every such view is audited); `idNumberMasked` always.
public struct Child: Sendable, Codable, Equatable {
    public let id: UUID
    public let idNumberMasked: String
    public var idNumber: String?
    public let name: String
    public let sex: CitizenID.Sex
    public let birthDate: CalendarDate
    public let residenceDistrict: DistrictCode
    public let hukouDistrict: DistrictCode
}

/// What registering a child needs; `sex`, when given, must agree with the ID number.
public struct NewChild: Sendable, Codable {
    public var idNumber: String
    public var name: String
    public var residenceDistrict: String
    public var hukouDistrict: String
    public var sex: CitizenID.Sex?

    public init(idNumber: String, name: String, residenceDistrict: String, hukouDistrict: String, sex: CitizenID.Sex? = nil) {
        self.idNumber = idNumber
        self.name = name
        self.residenceDistrict = residenceDistrict
        self.hukouDistrict = hukouDistrict
        self.sex = sex
    }
}
