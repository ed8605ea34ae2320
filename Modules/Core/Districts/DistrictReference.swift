/// A column that holds a district code. Re-divisions re-home every declared reference in one transaction,
/// so the core declares its own and each programme declares its tables' columns in its contract.
public struct DistrictReference: Sendable, Hashable {
    public let table: String
    public let column: String

    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }

    /// The core's own columns that point at districts.
    public static let core: [DistrictReference] = [
        .init(table: "core.children", column: "residence_district"),
        .init(table: "core.children", column: "hukou_district"),
        .init(table: "core.grants", column: "district"),
        .init(table: "core.policy_settings", column: "district"),
        .init(table: "core.events", column: "district"),
        .init(table: "core.child_statuses", column: "district")
    ]
}
