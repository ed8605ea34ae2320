import Districts
import Foundation
import Vocabulary

/// 控辍保学的事件 — what the dropout-control programme publishes for civil affairs (民政) and other programmes. Import
/// this target, never `DropoutControl`; a programme deployed in another department's gateway learns of cases from these
/// events alone. (The child's schooling state on the registry's file comes from the core child-status feed instead.)
public enum DropoutControlTopics {
    public static let caseOpened = EventTopic<DropoutCaseOpened>("dropout-control.case.opened")
    public static let childReturned = EventTopic<ChildReturned>("dropout-control.child.returned")
    public static let caseClosed = EventTopic<DropoutCaseClosed>("dropout-control.case.closed")
}

/// A dropout case (辍学个案) was established after verification: persuasion back to school (劝返复学) begins.
/// `child` is `nil` when the student is not (yet) in the children master index.
public struct DropoutCaseOpened: Codable, Sendable, Equatable {
    public let caseID: UUID
    public let child: UUID?
    public let district: DistrictCode
    public let term: String
    public let openedOn: CalendarDate

    public init(caseID: UUID, child: UUID?, district: DistrictCode, term: String, openedOn: CalendarDate) {
        self.caseID = caseID
        self.child = child
        self.district = district
        self.term = term
        self.openedOn = openedOn
    }
}

/// The child went back to school (复学); the case stays open while the return is followed up until `followUpUntil`.
public struct ChildReturned: Codable, Sendable, Equatable {
    public let caseID: UUID
    public let child: UUID?
    public let returnedOn: CalendarDate
    public let followUpUntil: CalendarDate

    public init(caseID: UUID, child: UUID?, returnedOn: CalendarDate, followUpUntil: CalendarDate) {
        self.caseID = caseID
        self.child = child
        self.returnedOn = returnedOn
        self.followUpUntil = followUpUntil
    }
}

/// The case was closed by 动态销号 with its reason (`returned`, `transferred`, `special-education`, `home-teaching`,
/// `moved-away`, `not-a-dropout`, `over-age`, `deceased`).
public struct DropoutCaseClosed: Codable, Sendable, Equatable {
    public let caseID: UUID
    public let child: UUID?
    public let closedOn: CalendarDate
    public let reason: String

    public init(caseID: UUID, child: UUID?, closedOn: CalendarDate, reason: String) {
        self.caseID = caseID
        self.child = child
        self.closedOn = closedOn
        self.reason = reason
    }
}
