import Districts
import Foundation
import Vocabulary

/// 健康筛查的事件 — what the Health screening programme publishes for other programmes. Import this target, never `HealthScreening`:
/// a subscriber learns from these events alone, also when the programme runs in another department's gateway.
public enum HealthScreeningTopics {
    public static let noteAdded = EventTopic<NoteAdded>("health-screening.note.added")
}

/// A note was added in `district`.
public struct NoteAdded: Codable, Sendable, Equatable {
    public let note: UUID
    public let district: DistrictCode

    public init(note: UUID, district: DistrictCode) {
        self.note = note
        self.district = district
    }
}
