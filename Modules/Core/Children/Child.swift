import Districts
import Foundation
import Vocabulary

/// One row of the children master index (儿童基础信息): shared by every programme, keyed by a stable UUID.
/// `idNumberMasked` is always there; `idNumber` only once opened from `sealedIDNumber` (`ChildRepository.unmasked`) for
/// a caller allowed to see it (`Call.reveal`, which audits the view).
public struct Child: Sendable, Codable, Equatable {
    public let id: UUID
    public let idNumberMasked: String
    public var idNumber: String?
    public let name: String
    public let sex: CitizenID.Sex
    public let birthDate: CalendarDate
    public let residenceDistrict: DistrictCode
    public let hukouDistrict: DistrictCode
    /// The ID number as stored (absent from a child decoded from JSON); never encoded.
    public internal(set) var sealedIDNumber: SealedText? = nil

    enum CodingKeys: String, CodingKey {
        case id, idNumberMasked, idNumber, name, sex, birthDate, residenceDistrict, hukouDistrict
    }
}

/// A value sealed with the keyring as read from its row (`…_cipher`, `…_key`): opened only for a view that shows it.
public struct SealedText: Sendable, Equatable {
    public let ciphertext: Data
    public let keyID: String

    public init(ciphertext: Data, keyID: String) {
        self.ciphertext = ciphertext
        self.keyID = keyID
    }
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
