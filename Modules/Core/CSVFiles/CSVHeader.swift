import Foundation

/// The header row of an import file as county staff write it: each field has several accepted names (Chinese or
/// English, any case, surrounding spaces ignored) and the columns come in any order.
public struct CSVHeader: Sendable {
    /// Accepted names for each field, lower-case.
    public let names: [String: [String]]
    /// The field whose presence makes the first row a header.
    public let key: String

    public init(names: [String: [String]], key: String) {
        self.names = names
        self.key = key
    }

    /// Field → column index; `nil` when `cells` has no column for `key` (the first row is data, not a header).
    public func positions(of cells: [String]) -> [String: Int]? {
        var positions: [String: Int] = [:]
        for (index, cell) in cells.enumerated() {
            let name = cell.trimmingCharacters(in: .whitespaces).lowercased()
            if let field = names.first(where: { $0.value.contains(name) })?.key { positions[field] = index }
        }
        return positions[key] == nil ? nil : positions
    }
}
