import Districts
import Foundation
import Vocabulary

/// 儿童信息台账的事件 — what the registry publishes for other programmes. Import this target, never `Registry`:
/// a programme deployed in another department's gateway learns about children only through these events.
public enum RegistryTopics {
    public static let fileOpened = EventTopic<ChildCategories>("registry.child.registered")
    public static let categoriesChanged = EventTopic<ChildCategories>("registry.categories.changed")
    public static let riskChanged = EventTopic<RiskChanged>("registry.risk.changed")
    public static let visitRecorded = EventTopic<VisitRecorded>("registry.visit.recorded")
    public static let exitReviewOpened = EventTopic<ExitReviewOpened>("registry.exit-review.opened")
    public static let transferCompleted = EventTopic<TransferCompleted>("registry.transfer.completed")
}

/// Who the child is for other programmes and which categories are in force: the payload of
/// `registry.child.registered` (a file was opened) and `registry.categories.changed` (the full current set).
public struct ChildCategories: Codable, Sendable, Equatable {
    public let child: UUID
    public let residenceDistrict: DistrictCode
    public let hukouDistrict: DistrictCode
    public let birthDate: CalendarDate
    /// The categories in force.
    public let categories: [ChildCategory]

    public init(
        child: UUID, residenceDistrict: DistrictCode, hukouDistrict: DistrictCode, birthDate: CalendarDate, categories: [ChildCategory]
    ) {
        self.child = child
        self.residenceDistrict = residenceDistrict
        self.hukouDistrict = hukouDistrict
        self.birthDate = birthDate
        self.categories = categories
    }
}

/// A child's risk colour changed (`registry.risk.changed`), after any required confirmation.
public struct RiskChanged: Codable, Sendable, Equatable {
    public let child: UUID
    public let colour: String
    public let previous: String?

    public init(child: UUID, colour: String, previous: String?) {
        self.child = child
        self.colour = colour
        self.previous = previous
    }
}

/// A home visit was recorded (`registry.visit.recorded`).
public struct VisitRecorded: Codable, Sendable, Equatable {
    public let child: UUID
    public let visit: UUID
    public let visitedOn: CalendarDate
    public let nextDue: CalendarDate

    public init(child: UUID, visit: UUID, visitedOn: CalendarDate, nextDue: CalendarDate) {
        self.child = child
        self.visit = visit
        self.visitedOn = visitedOn
        self.nextDue = nextDue
    }
}

/// A child stopped qualifying for a category and awaits exit review (`registry.exit-review.opened`).
public struct ExitReviewOpened: Codable, Sendable, Equatable {
    public let child: UUID
    public let category: ChildCategory
    public let reason: String

    public init(child: UUID, category: ChildCategory, reason: String) {
        self.child = child
        self.category = category
        self.reason = reason
    }
}

/// The receiving district accepted a transfer (`registry.transfer.completed`): the child now lives, and is looked
/// after, in `toDistrict`.
public struct TransferCompleted: Codable, Sendable, Equatable {
    public let child: UUID
    public let fromDistrict: DistrictCode
    public let toDistrict: DistrictCode
    public let acceptedOn: CalendarDate

    public init(child: UUID, fromDistrict: DistrictCode, toDistrict: DistrictCode, acceptedOn: CalendarDate) {
        self.child = child
        self.fromDistrict = fromDistrict
        self.toDistrict = toDistrict
        self.acceptedOn = acceptedOn
    }
}
