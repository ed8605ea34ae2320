import Vocabulary

/// The districts a caller may see: the union of the subtrees of their grants. Rendered as an `int8multirange`
/// for row-level security, so policies are range predicates that keep their indexes.
public struct DistrictScope: Sendable, Equatable {
    public let ranges: [ClosedRange<Int64>]

    public init(_ districts: some Sequence<DistrictCode>) {
        let sorted = districts.map(\.subtree).sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int64>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
    }

    /// Every district in the country (event dispatch and administration run with it).
    public static let everywhere = DistrictScope(ranges: [10_000_000_000...999_999_999_999])
    public static let nowhere = DistrictScope(ranges: [])

    init(ranges: [ClosedRange<Int64>]) { self.ranges = ranges }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ code: DistrictCode) -> Bool {
        ranges.contains { $0.contains(code.value) }
    }

    /// Why a child living in `residence` with household registration in `hukou` may not be filed from this scope, or
    /// `nil` when either district is inside it (both districts' staff look after the child).
    public func refusal(residence: DistrictCode, hukou: DistrictCode) -> Problem? {
        contains(residence) || contains(hukou)
            ? nil
            : Problem.invalid("residenceDistrict", "居住地和户籍地都不在您的管辖范围内", "neither district is within your scope")
    }

    /// The part of this scope inside `district`'s subtree (a caller narrowing a list to one county).
    public func narrowed(to district: DistrictCode) -> DistrictScope {
        let subtree = district.subtree
        return DistrictScope(
            ranges: ranges.compactMap { range in
                let lower = max(range.lowerBound, subtree.lowerBound)
                let upper = min(range.upperBound, subtree.upperBound)
                return lower <= upper ? lower...upper : nil
            })
    }

    /// `{[lo,hi],…}` — the literal `core.scope()` casts to `int8multirange`.
    public var multirange: String {
        "{" + ranges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "}"
    }
}
