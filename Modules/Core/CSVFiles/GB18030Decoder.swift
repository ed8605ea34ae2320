#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts GB18030 to UTF-8 with iconv, chunk by chunk.
///
/// A multi-byte character cut at the end of a chunk is carried into the next one. Each byte iconv rejects
/// becomes `0xFF`, which is never valid UTF-8, so the parser reports the record that holds it.
final class GB18030Decoder {
    private let converter: iconv_t
    private var pending: [UInt8] = []

    init() throws(CSVError) {
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, converter != iconv_t(bitPattern: -1) else { throw .encodingUnavailable }
        self.converter = converter
    }

    deinit { iconv_close(converter) }

    /// Appends the UTF-8 for `bytes` to `output`, keeping back an incomplete trailing character.
    func decode(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        pending.append(contentsOf: bytes)
        let consumed = pending.withUnsafeMutableBufferPointer { input in
            convert(input, into: &output)
        }
        pending.removeSubrange(..<consumed)
    }

    /// Flushes an incomplete character left at the end of the input as one invalid byte.
    func finish(into output: inout [UInt8]) {
        if !pending.isEmpty { output.append(0xFF) }
        pending.removeAll()
    }

    /// Returns how many input bytes were used; the rest start an incomplete character.
    private func convert(_ input: UnsafeMutableBufferPointer<UInt8>, into output: inout [UInt8]) -> Int {
        guard let base = input.baseAddress else { return 0 }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base).assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        while inLeft > 0 {
            let room = inLeft * 2 + 8
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: room))
            var outLeft = room
            let failure: Int32? = output.withUnsafeMutableBufferPointer { buffer in
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress! + start)
                    .assumingMemoryBound(to: CChar.self)
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 ? errno : nil
            }
            output.removeLast(outLeft)
            switch failure {
            case nil, E2BIG?:
                continue
            case EINVAL?:
                return input.count - inLeft
            default:
                output.append(0xFF)
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
            }
        }
        return input.count
    }
}
