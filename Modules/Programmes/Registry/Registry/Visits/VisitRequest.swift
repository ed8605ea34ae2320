import Contract
import Foundation

/// 走访记录 as the director sends it: when, how, whom they met, what they found, what they did.
struct VisitRequest: Decodable, Sendable {
    var visitedOn: CalendarDate
    var mode: String
    var met: [String]?
    var findings: Findings?
    var problems: String?
    var actions: String?
    var referrals: String?

    /// Findings on guardianship, living, schooling, health, mood and safety; three flags force the highest colour.
    struct Findings: Codable, Sendable {
        var guardianship: String?
        var living: String?
        var schooling: String?
        var health: String?
        var mood: String?
        var safety: String?
        var livesAlone: Bool?
        var suspectedViolence: Bool?
        var mandatoryReportSituation: Bool?
    }

    /// Checks what needs no database; the error names the field.
    func validate(today: CalendarDate) throws {
        guard ["home", "phone", "video"].contains(mode) else {
            throw Problem.invalid("mode", "走访方式应为 home (入户) / phone (电话) / video (视频)", "mode must be home, phone or video")
        }
        guard visitedOn <= today else { throw Problem.invalid("visitedOn", "走访日期不能在未来", "visitedOn cannot be in the future") }
    }
}
