#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 表单上传 — the one file of a `multipart/form-data` body (RFC 7578), as a browser's form or `curl -F file=@x.csv`
/// sends it, streamed out of the body in bounded memory.
///
/// The part whose `Content-Disposition` has a `filename` is the file; its bytes go to the sink as they arrive, and
/// what they are (CSV or xlsx) is decided later by their content, not by the part's `Content-Type`. Other parts
/// (form fields) are skipped. Refused, with a ``UploadRefusal``: more than ``maxParts`` parts, a part's headers over
/// ``maxHeaderBytes``, no file part or more than one, text after a boundary that is not a line end, and a body that
/// ends before the closing boundary (`--boundary--`).
public struct MultipartFile {
    public static let maxParts = 16
    public static let maxHeaderBytes = 8 << 10

    private enum State {
        /// Before the first boundary: skipped.
        case preamble
        /// Just after a boundary: `--` ends the body, a line end starts a part's headers.
        case afterBoundary
        case headers
        case content(isFile: Bool)
        /// After the closing boundary: skipped.
        case epilogue
    }

    /// `CRLF--boundary`: the first boundary may open the body, so ``pending`` starts with a CRLF of its own.
    private let delimiter: [UInt8]
    private var pending: [UInt8] = [0x0D, 0x0A]
    private var state = State.preamble
    private var parts = 0
    /// Whether the file part has been seen.
    public private(set) var hasFile = false

    /// The boundary of a `multipart/form-data` content type; `nil` for any other media type. Throws for form data
    /// without a usable boundary (absent, empty, or longer than RFC 2046's 70 characters).
    public static func boundary(ofContentType contentType: String) throws(UploadRefusal) -> String? {
        let parameters = HeaderParameters(contentType)
        guard parameters.value.lowercased() == "multipart/form-data" else { return nil }
        guard let boundary = parameters["boundary"], (1...70).contains(boundary.utf8.count) else {
            throw UploadRefusal(
                .malformed, zh: "multipart/form-data 缺少有效的 boundary 参数 (1 到 70 个字符)",
                en: "multipart/form-data without a valid boundary parameter (1 to 70 characters)")
        }
        return boundary
    }

    public init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Parses the next bytes of the body, handing the file part's bytes to `sink` (possibly in several pieces).
    public mutating func feed(_ bytes: some Collection<UInt8>, sink: (ArraySlice<UInt8>) throws -> Void) throws {
        pending.append(contentsOf: bytes)
        var start = 0
        defer { pending.removeSubrange(..<start) }
        while start < pending.count {
            switch state {
            case .preamble, .content:
                let isFile = if case .content(true) = state { true } else { false }
                if let found = find(delimiter, from: start) {
                    if isFile { try sink(pending[start..<found]) }
                    start = found + delimiter.count
                    state = .afterBoundary
                } else {
                    // Keep what could be the beginning of a delimiter.
                    let safe = max(start, pending.count - delimiter.count + 1)
                    if isFile, safe > start { try sink(pending[start..<safe]) }
                    start = safe
                    return
                }
            case .afterBoundary:
                guard pending.count - start >= 2 else { return }
                if pending[start] == 0x2D, pending[start + 1] == 0x2D {
                    state = .epilogue
                    continue
                }
                // Transport padding (spaces, tabs) may come before the line end.
                var index = start
                while index < pending.count, pending[index] == 0x20 || pending[index] == 0x09 { index += 1 }
                guard pending.count - index >= 2 else {
                    guard index - start <= 64 else { throw Self.malformed }
                    return
                }
                guard pending[index] == 0x0D, pending[index + 1] == 0x0A else { throw Self.malformed }
                start = index + 2
                parts += 1
                guard parts <= Self.maxParts else {
                    throw UploadRefusal(
                        .malformed, zh: "表单超过 \(Self.maxParts) 个部分, 请只上传一个文件",
                        en: "the form has more than \(Self.maxParts) parts; upload one file")
                }
                state = .headers
            case .headers:
                let end: Int
                let next: Int
                if pending.count - start >= 2, pending[start] == 0x0D, pending[start + 1] == 0x0A {
                    (end, next) = (start, start + 2)
                } else if let found = find([0x0D, 0x0A, 0x0D, 0x0A], from: start) {
                    (end, next) = (found, found + 4)
                } else {
                    guard pending.count - start <= Self.maxHeaderBytes else { throw Self.headersTooLarge(part: parts) }
                    return
                }
                guard end - start <= Self.maxHeaderBytes else { throw Self.headersTooLarge(part: parts) }
                let isFile = Self.namesFile(String(decoding: pending[start..<end], as: UTF8.self))
                if isFile {
                    guard !hasFile else {
                        throw UploadRefusal(
                            .malformed, zh: "表单中有多个文件, 每次只能上传一个 CSV 或 xlsx 文件",
                            en: "the form holds more than one file; upload one CSV or xlsx file at a time")
                    }
                    hasFile = true
                }
                start = next
                state = .content(isFile: isFile)
            case .epilogue:
                start = pending.count
            }
        }
    }

    /// Checks that the body ended after its closing boundary and held a file.
    public func finish() throws(UploadRefusal) {
        guard case .epilogue = state else {
            throw UploadRefusal(
                .malformed, zh: "表单不完整: 缺少结束分隔行 (--boundary--), 上传可能被中断",
                en: "the form is incomplete: the closing boundary (--boundary--) is missing; the upload may have been cut off")
        }
        guard hasFile else {
            throw UploadRefusal(
                .malformed, zh: "表单中没有文件 (带 filename 的部分); 请用 curl -F file=@名单.csv 上传",
                en: "the form holds no file (a part with a filename); upload with curl -F file=@roster.csv")
        }
    }

    private static let malformed = UploadRefusal(
        .malformed, zh: "表单格式错误: 分隔行后应换行", en: "malformed form: a boundary line must end with a line break")

    private static func headersTooLarge(part: Int) -> UploadRefusal {
        UploadRefusal(
            .malformed, zh: "表单第 \(part) 部分的头部超过 \(maxHeaderBytes >> 10) KB",
            en: "the headers of the form's part \(part) exceed \(maxHeaderBytes >> 10) KB")
    }

    /// Whether a part's headers give it a file name (`Content-Disposition: form-data; name="file"; filename="x.csv"`).
    static func namesFile(_ headers: String) -> Bool {
        for line in headers.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "content-disposition" else { continue }
            let parameters = HeaderParameters(String(line[line.index(after: colon)...]))
            return parameters["filename"] != nil || parameters["filename*"] != nil
        }
        return false
    }

    /// Where `needle` next occurs in ``pending`` from `start`: `memchr` for its first byte, then a comparison.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        pending.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { needle in
                guard let base = haystack.baseAddress, let first = needle.first, let needleBase = needle.baseAddress else { return nil }
                var index = start
                while haystack.count - index >= needle.count {
                    guard let hit = memchr(base + index, Int32(first), haystack.count - needle.count + 1 - index) else { return nil }
                    index = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + index, needleBase, needle.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
    }
}

/// A header value and its `; name=value` parameters (quoted strings unquoted, names case-insensitive).
struct HeaderParameters {
    let value: String
    private var parameters: [String: String] = [:]

    init(_ header: String) {
        var scalars = Substring(header).unicodeScalars[...]
        func skipSpace() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        func token(until stops: Set<Unicode.Scalar>) -> String {
            var text = String.UnicodeScalarView()
            while let first = scalars.first, !stops.contains(first) { text.append(scalars.removeFirst()) }
            return String(text).trimmingWhitespace()
        }
        value = token(until: [";"])
        while !scalars.isEmpty {
            scalars.removeFirst()
            skipSpace()
            let name = token(until: ["=", ";"]).lowercased()
            var text = ""
            if scalars.first == "=" {
                scalars.removeFirst()
                skipSpace()
                if scalars.first == "\"" {
                    scalars.removeFirst()
                    var quoted = String.UnicodeScalarView()
                    while let first = scalars.first, first != "\"" {
                        scalars.removeFirst()
                        if first == "\\", let escaped = scalars.first {
                            quoted.append(escaped)
                            scalars.removeFirst()
                        } else {
                            quoted.append(first)
                        }
                    }
                    if !scalars.isEmpty { scalars.removeFirst() }
                    text = String(quoted)
                    _ = token(until: [";"])
                } else {
                    text = token(until: [";"])
                }
            }
            if !name.isEmpty, parameters[name] == nil { parameters[name] = text }
        }
    }

    subscript(name: String) -> String? { parameters[name] }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
