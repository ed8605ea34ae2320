/// A column of an exported table: its header and, in xlsx, its width in characters.
public struct SheetColumn: Sendable {
    public let title: String
    public let width: Int

    /// `width` defaults to the title's width (a CJK character counts two) plus two, at least 10.
    public init(_ title: String, width: Int? = nil) {
        self.title = title
        self.width = width ?? max(10, title.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } + 2)
    }
}
