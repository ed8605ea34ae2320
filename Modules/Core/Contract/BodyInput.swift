import Foundation

/// Checks of fields a JSON body carries as text, each failure a 422 naming the field: the body's `Decodable` type
/// holds the text, the handler reads it through these.
public enum BodyInput {
    /// Text that must not be blank (a reason, a name), trimmed.
    public static func text(_ text: String, _ field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Problem.invalid(field, "\(field) 不能为空", "\(field) is required") }
        return trimmed
    }

    /// A 12-digit district code.
    public static func district(_ text: String, _ field: String) throws -> DistrictCode {
        try DistrictCodeInput.parse(text, field: field)
    }

    /// A district code that exists and is in force (not merged or moved away).
    public static func districtInForce(_ text: String, _ field: String, _ context: ProgrammeContext) async throws -> District {
        let code = try district(text, field)
        guard let district = try await context.districts.find(code), district.validTo == nil else {
            throw Problem.invalid(field, "区划 \(code) 不存在或已撤销", "district \(code) does not exist or is retired")
        }
        return district
    }
}
