import Foundation

/// 行政区划 — one node of the province → city → county → township → village tree.
public struct District: Sendable, Codable, Equatable {
    public let code: DistrictCode
    public let name: String
    public let level: Int
    public let parent: DistrictCode?
    /// Calendar dates (`yyyy-MM-dd`) between which the code is in force; `validTo == nil` while it is.
    public let validFrom: String
    public let validTo: String?
    /// Where a retired code's people and records went (merge or move).
    public let successor: DistrictCode?

    public static let levelNames = ["省", "市", "县", "乡镇", "村居"]
}
