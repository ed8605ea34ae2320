import PostgresNIO

extension PostgresQuery.StringInterpolation {
    /// The condition on a county column (the first six digits of a district code) for the districts in `subtree`, its
    /// bounds bound: equality for a county and anything below it, so an index led by the county yields the subtree's rows
    /// in its next column's order without a sort; a range of counties above. `column` is the caller's identifier, never
    /// input.
    public mutating func appendInterpolation(county column: StaticString, of subtree: ClosedRange<Int64>) {
        let (low, high) = (subtree.lowerBound / 1_000_000, subtree.upperBound / 1_000_000)
        appendLiteral("\(column) ")
        if low == high {
            appendLiteral("= ")
            appendInterpolation(low)
        } else {
            appendLiteral("BETWEEN ")
            appendInterpolation(low)
            appendLiteral(" AND ")
            appendInterpolation(high)
        }
    }
}
