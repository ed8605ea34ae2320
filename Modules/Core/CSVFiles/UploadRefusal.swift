/// Why an uploaded body is refused before a row of it is read, in Chinese and English.
public struct UploadRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The body is not the form it says it is (HTTP 400).
        case malformed
        /// A media type that cannot carry a file intact (HTTP 415).
        case unsupportedMediaType
        /// Larger than the route takes (HTTP 413).
        case tooLarge
        /// Nothing to read (HTTP 400).
        case empty
    }

    public let kind: Kind
    public let zh: String
    public let en: String

    public init(_ kind: Kind, zh: String, en: String) {
        self.kind = kind
        self.zh = zh
        self.en = en
    }

    public var description: String { "\(zh) (\(en))" }
}
