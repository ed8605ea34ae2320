import Contract
import Foundation
import Hummingbird

/// Reads roster filters from the query string; a bad value is a 422 naming the parameter.
enum RosterQuery {
    static func parse(_ query: Parameters) throws -> FileRepository.RosterFilter {
        var filter = FileRepository.RosterFilter()
        if let text = query.get("district") {
            guard let code = DistrictCode(text) else { throw Problem.invalid("district", "district 应为 12 位区划代码", "district must be a 12-digit code") }
            filter.district = code
        }
        filter.category = query.get("category")
        if let colour = query.get("colour") {
            guard RiskColour(rawValue: colour) != nil else {
                throw Problem.invalid("colour", "colour 应为 \(RiskColour.allCases.map(\.rawValue).joined(separator: "/"))", "unknown colour \(colour)")
            }
            filter.colour = colour
        }
        if let overdue = query.get("overdue") {
            guard let value = Bool(overdue) else { throw Problem.invalid("overdue", "overdue 应为 true 或 false", "overdue must be true or false") }
            filter.overdue = value
        }
        filter.minimumAge = try integer(query, "minAge", 0...30)
        filter.maximumAge = try integer(query, "maxAge", 0...30)
        filter.namePrefix = query.get("name").flatMap { $0.isEmpty ? nil : $0 }
        if let after = query.get("after") {
            guard let id = UUID(uuidString: after) else { throw Problem.invalid("after", "after 应为上一页最后一名儿童的编号", "after must be a child id") }
            filter.after = id
        }
        filter.limit = try integer(query, "limit", 1...500) ?? 50
        return filter
    }

    static func integer(_ query: Parameters, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = query.get(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.invalid(name, "\(name) 应为 \(range.lowerBound) 到 \(range.upperBound) 的整数", "\(name) must be an integer in \(range)")
        }
        return value
    }
}
