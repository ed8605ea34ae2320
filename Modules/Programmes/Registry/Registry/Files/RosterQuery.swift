import Contract
import Foundation
import Hummingbird

/// Reads roster filters from the query string; a bad value is a 422 naming the parameter.
enum RosterQuery {
    static func parse(_ query: Parameters) throws -> FileRepository.RosterFilter {
        var filter = FileRepository.RosterFilter()
        filter.district = try Input.district(query)
        filter.category = query.get("category")
        if let colour = query.get("colour") {
            guard RiskColour(rawValue: colour) != nil else {
                throw Problem.invalid(
                    "colour", "colour 应为 \(RiskColour.allCases.map(\.rawValue).joined(separator: "/"))", "unknown colour \(colour)")
            }
            filter.colour = colour
        }
        if let overdue = query.get("overdue") {
            guard let value = Bool(overdue) else {
                throw Problem.invalid("overdue", "overdue 应为 true 或 false", "overdue must be true or false")
            }
            filter.overdue = value
        }
        filter.minimumAge = try Input.integer(query, "minAge", 0...30)
        filter.maximumAge = try Input.integer(query, "maxAge", 0...30)
        filter.namePrefix = query.get("name").flatMap { $0.isEmpty ? nil : $0 }
        filter.after = try Input.after(query)
        filter.limit = try Input.integer(query, "limit", 1...500) ?? 50
        return filter
    }
}
