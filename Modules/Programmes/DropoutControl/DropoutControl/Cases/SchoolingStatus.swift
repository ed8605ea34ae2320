import Contract
import Foundation

/// 就学状态 — what dropout control tells every programme about a child with a case, on the core's child-status feed:
/// out of school and being persuaded back (辍学劝返中) from verification, back at school and followed up (已复学) from
/// the return; nothing once the case is closed (动态销号). A student not in the children master index gets none.
enum SchoolingStatus {
    static let dropoutCode = "dropout"
    static let returnedCode = "returned"

    static func dropout(case id: UUID, verifiedOn: CalendarDate) -> ChildStatus {
        ChildStatus(
            programme: DropoutControlProgramme.id, code: dropoutCode,
            title: .init(zh: "辍学劝返中", en: "Out of school, being persuaded back"), since: verifiedOn, severity: .warning,
            link: link(id))
    }

    static func returned(case id: UUID, returnedOn: CalendarDate, followedUpUntil: CalendarDate) -> ChildStatus {
        ChildStatus(
            programme: DropoutControlProgramme.id, code: returnedCode, title: .init(zh: "已复学, 跟踪中", en: "Back at school, followed up"),
            since: returnedOn, until: followedUpUntil, severity: .info, link: link(id))
    }

    private static func link(_ id: UUID) -> String { "/api/v1/\(DropoutControlProgramme.id)/cases/\(id.uuidString)" }
}
