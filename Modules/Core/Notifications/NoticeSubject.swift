import Districts
import Foundation

/// What a notice is about: a programme's record (`registry`, `file`, the child's file id) in a district. Never an ID
/// number: `Notices.raise` refuses one in the id as in the texts.
public struct NoticeSubject: Sendable, Codable, Equatable {
    public let programme: String
    public let kind: String
    public let id: String
    public let district: DistrictCode

    public init(programme: String, kind: String, id: String, district: DistrictCode) {
        self.programme = programme
        self.kind = kind
        self.id = id
        self.district = district
    }
}
