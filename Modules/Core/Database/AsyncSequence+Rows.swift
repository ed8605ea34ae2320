/// Collecting decoded rows: PostgresNIO offers `collect()` on raw rows only.
extension AsyncSequence {
    /// Every element, in order.
    public func collect() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }

    /// The first element, or `nil` when there is none.
    public func first() async throws -> Element? {
        for try await element in self { return element }
        return nil
    }

    /// The row a statement always yields (`INSERT … RETURNING`); none is `MissingRow` (a 500), never a crash.
    public func single(_ what: String) async throws -> Element {
        guard let element = try await first() else { throw MissingRow(what: what) }
        return element
    }
}

/// A statement that always yields a row yielded none, or a row just written cannot be read back: the database and the
/// code disagree. Answered 500 and logged with `what`.
public struct MissingRow: Error, CustomStringConvertible {
    public let what: String

    public init(what: String) {
        self.what = what
    }

    public var description: String { "no row: \(what)" }
}
