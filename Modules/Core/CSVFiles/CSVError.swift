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
    /// The input starts like an xlsx workbook (a zip) but its first sheet cannot be read; reading stops.
    case unreadableWorkbook(reason: String)

    /// The line of the record at fault, when there is one.
    public var line: Int? {
        switch self {
        case .unreadable, .encodingUnavailable, .unreadableWorkbook: nil
        case .invalidText(let line, _), .unterminatedQuote(let line), .strayQuote(let line): line
        }
    }

    /// Chinese first (what county staff read), the English after it.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "无法读取文件 \(path): \(reason) (cannot read the file)"
        case .encodingUnavailable: "本机的 iconv 不支持 GB18030 编码 (iconv has no GB18030 converter)"
        case .invalidText(let line, let encoding):
            "第 \(line) 行: 含有不是有效 \(encoding) 文本的字节或空字符 (NUL), 请另存为 UTF-8 (invalid \(encoding) text or a NUL byte)"
        case .unterminatedQuote(let line): "第 \(line) 行: 引号没有闭合 (quoted field is never closed)"
        case .strayQuote(let line): "第 \(line) 行: 引号后面还有文字, 引号内的 \" 应写成 \"\" (text after a closing quote)"
        case .unreadableWorkbook(let reason): "无法读取 xlsx 工作簿的第一个工作表: \(reason), 请另存为 xlsx 或 CSV (cannot read the workbook's first sheet)"
        }
    }
}
