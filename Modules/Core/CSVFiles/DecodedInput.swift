import Foundation

/// The input as UTF-8 bytes: strips a byte-order mark, decides the encoding, and transcodes GB18030.
///
/// Without a BOM the decision waits for the first non-ASCII byte (ASCII reads the same in UTF-8 and GB18030)
/// and then looks at up to ``decisionWindow`` bytes from there: valid UTF-8 means `.utf8`, anything else
/// `.gb18030`. Until then ``encoding`` says `.utf8`.
final class DecodedInput {
    static let decisionWindow = 16 << 10

    private enum Mode {
        case undecided
        case utf8
        case gb18030(GB18030Decoder)
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private var chunks: ByteChunks
    private var mode = Mode.undecided
    private var atStart = true
    /// Bytes from the first non-ASCII byte on, held back until the encoding is decided.
    private var undecided: [UInt8] = []
    private(set) var encoding = TextEncodingGuess.utf8

    init(_ chunks: ByteChunks) {
        self.chunks = chunks
    }

    /// Whether bytes are held back waiting for enough evidence to decide the encoding.
    var isDeciding: Bool { !undecided.isEmpty }

    /// Appends the next decoded bytes, possibly none, to `output`; `false` once the input is exhausted.
    func read(into output: inout [UInt8]) throws(CSVError) -> Bool {
        guard var chunk = try chunks.next() else {
            try finish(into: &output)
            return false
        }
        if atStart {
            atStart = false
            if chunk.starts(with: Self.byteOrderMark) {
                chunk = chunk.dropFirst(Self.byteOrderMark.count)
                encoding = .utf8BOM
                mode = .utf8
            }
        }
        switch mode {
        case .utf8:
            output.append(contentsOf: chunk)
        case .gb18030(let decoder):
            decoder.decode(chunk, into: &output)
        case .undecided:
            if undecided.isEmpty {
                let asciiEnd = chunk.withUnsafeBytes { $0.firstIndex { $0 >= 0x80 } ?? $0.count }
                output.append(contentsOf: chunk.prefix(asciiEnd))
                undecided.append(contentsOf: chunk.dropFirst(asciiEnd))
            } else {
                undecided.append(contentsOf: chunk)
            }
            if undecided.count >= Self.decisionWindow { try decide(moreFollows: true, into: &output) }
        }
        return true
    }

    private func decide(moreFollows: Bool, into output: inout [UInt8]) throws(CSVError) {
        if undecided.withUnsafeBytes({ UTF8Check.isValid($0, moreFollows: moreFollows) }) {
            encoding = .utf8
            mode = .utf8
            output.append(contentsOf: undecided)
        } else {
            let decoder = try GB18030Decoder()
            encoding = .gb18030
            mode = .gb18030(decoder)
            decoder.decode(undecided, into: &output)
        }
        undecided = []
    }

    private func finish(into output: inout [UInt8]) throws(CSVError) {
        if isDeciding { try decide(moreFollows: false, into: &output) }
        if case .gb18030(let decoder) = mode { decoder.finish(into: &output) }
    }
}
