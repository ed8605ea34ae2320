import Contract
import Foundation
import Hummingbird

/// Reads what callers send — query parameters and body fields — each failure a 422 naming the field.
enum Input {
    static func district(_ text: String, field: String) throws -> DistrictCode {
        guard let code = DistrictCode(text) else {
            throw Problem.invalid(field, "\(field) 应为 12 位区划代码", "\(field) must be a 12-digit code")
        }
        return code
    }

    /// A district code that exists and is in force (not merged or moved away).
    static func districtInForce(_ text: String, field: String, _ context: ProgrammeContext) async throws -> District {
        let code = try district(text, field: field)
        guard let district = try await context.districts.find(code), district.validTo == nil else {
            throw Problem.invalid(field, "区划 \(code) 不存在或已撤销", "district \(code) does not exist or is retired")
        }
        return district
    }

    static func district(_ query: Parameters, _ name: String = "district") throws -> DistrictCode? {
        try query.get(name).map { try district($0, field: name) }
    }

    static func integer(_ query: Parameters, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = query.get(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.invalid(
                name, "\(name) 应为 \(range.lowerBound) 到 \(range.upperBound) 的整数", "\(name) must be an integer in \(range)")
        }
        return value
    }

    /// The `after` child id of keyset pagination.
    static func after(_ query: Parameters) throws -> UUID? {
        try query.get("after").map { text in
            guard let id = UUID(uuidString: text) else {
                throw Problem.invalid("after", "after 应为上一页最后一名儿童的编号", "after must be a child id")
            }
            return id
        }
    }

    /// Text that must not be blank (a reason, a name), trimmed.
    static func required(_ text: String, _ field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Problem.invalid(field, "\(field) 不能为空", "\(field) is required") }
        return trimmed
    }
}
