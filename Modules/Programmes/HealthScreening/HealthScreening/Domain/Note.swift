import Contract
import Foundation

/// 工作便签 — a note kept about a district's work: the scaffold's example record, to be replaced by the programme's own.
struct Note: Codable, Sendable, Equatable, DocumentedBody {
    let id: UUID
    let district: DistrictCode
    let body: String
    let writtenBy: String
    let createdAt: Date

    static var examples: [Note] {
        get throws {
            [
                Note(
                    id: try Example.uuid("6f1d2c3b-4a59-4e8f-9d7c-0b1a2c3d4e5f"), district: try Example.district("320412100201"),
                    body: "三月走访计划已排定", writtenBy: "wang", createdAt: try Example.instant("2026-03-02T08:30:00Z"))
            ]
        }
    }
}

/// A note as a caller sends it; `validated()` checks it field by field.
struct NewNote: Decodable, Sendable {
    let district: String
    let body: String

    static let maximumLength = 2_000

    /// The district (12 digits) and the trimmed body (not blank, at most 2,000 characters); a 422 names the field.
    func validated() throws -> (district: DistrictCode, body: String) {
        let district = try BodyInput.district(self.district, "district")
        let body = try BodyInput.text(self.body, "body")
        guard body.count <= Self.maximumLength else {
            throw Problem.invalid("body", "内容不能超过 \(Self.maximumLength) 字", "body is longer than \(Self.maximumLength) characters")
        }
        return (district, body)
    }
}
