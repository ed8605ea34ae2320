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
}
