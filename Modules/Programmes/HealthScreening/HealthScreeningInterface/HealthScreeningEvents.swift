import Districts
import Foundation
import Vocabulary

/// 健康筛查的事件 — what the Health screening programme publishes for other programmes. Import this target, never `HealthScreening`:
/// a subscriber learns from these events alone, also when the programme runs in another department's gateway.
public enum HealthScreeningTopics {
    public static let newbornRegistered = EventTopic<NewbornRegistered>("health-screening.newborn.registered")
    public static let newbornLinked = EventTopic<NewbornLinked>("health-screening.newborn.linked")
}

/// A birth hospital registered a newborn followed in `district`.
public struct NewbornRegistered: Codable, Sendable, Equatable {
    public let newborn: UUID
    public let district: DistrictCode

    public init(newborn: UUID, district: DistrictCode) {
        self.newborn = newborn
        self.district = district
    }
}

/// A newborn was linked to `child` of the core children index: its screening history now follows the child.
public struct NewbornLinked: Codable, Sendable, Equatable {
    public let newborn: UUID
    public let child: UUID

    public init(newborn: UUID, child: UUID) {
        self.newborn = newborn
        self.child = child
    }
}
