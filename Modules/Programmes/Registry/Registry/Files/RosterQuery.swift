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

    /// The roster page a call asks for (district, filters, `after`, `limit`), read in the caller's scope: the API's
    /// list and the console's roster page.
    static func page(_ call: Call, _ files: FileRepository) async throws -> (filter: FileRepository.RosterFilter, rows: [RosterEntry]) {
        var filter = try Self.filter(call)
        filter.district = try call.input(district)
        filter.after = try call.input(QueryInput.after)
        filter.limit = try call.input(RegistryInputs.limit)
        let today = call.clock.today()
        let rows = try await call.transaction(narrowedTo: filter.district) { [filter] connection in
            try await files.roster(filter, today: today, connection)
        }
        return (filter, rows)
    }
}
