/// Why a CSV input could not be read, or which record is malformed.
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read; reading stops.
    case unreadable(path: String, reason: String)
    /// This system's iconv has no GB18030 converter; reading stops.
    case encodingUnavailable
    /// The record at `line` has bytes that are not valid in the detected encoding; reading can go on.
    case invalidText(line: Int, encoding: TextEncodingGuess)
    /// The quoted field opened in the record at `line` never closes; reading stops (the rest of the input
    /// was swallowed by the quote).
    case unterminatedQuote(line: Int)
    /// A closing quote in the record at `line` is followed by something other than a comma or line end,
    /// usually an unescaped `"` inside a quoted field; the rest of that physical line is skipped and reading
    /// can go on.
    case strayQuote(line: Int)

    /// The line of the record at fault, when there is one.
    public var line: Int? {
        switch self {
        case .unreadable, .encodingUnavailable: nil
        case .invalidText(let line, _), .unterminatedQuote(let line), .strayQuote(let line): line
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .encodingUnavailable: "iconv has no GB18030 converter on this system"
        case .invalidText(let line, let encoding): "line \(line): bytes that are not valid \(encoding) text"
        case .unterminatedQuote(let line): "line \(line): quoted field is never closed"
        case .strayQuote(let line): "line \(line): text after a closing quote (unescaped \" inside a quoted field?)"
        }
    }
}
