import Contract
import Foundation

/// The roster's filters as the caller sent them (declared in `RegistryInputs`); a bad value is a 422 naming it.
enum RosterQuery {
    static func filter(_ call: Call) throws -> FileRepository.RosterFilter {
        var filter = FileRepository.RosterFilter()
        filter.category = try call.input(category)
        filter.colour = try call.input(colour)?.rawValue
        filter.overdue = try call.input(overdue)
        filter.minimumAge = try call.input(minAge)
        filter.maximumAge = try call.input(maxAge)
        filter.namePrefix = try call.input(name).flatMap { $0.isEmpty ? nil : $0 }
        return filter
    }
}
