#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts GB18030 to UTF-8 with iconv, chunk by chunk, in time linear in the input, valid or not.
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
    ///
    /// The output grows only when iconv runs out of room (a GB18030 character never takes more than twice its
    /// bytes in UTF-8, so rarely); a rejected byte is written in place, never by growing the output again.
    private func convert(_ input: UnsafeMutableBufferPointer<UInt8>, into output: inout [UInt8]) -> Int {
        guard let base = input.baseAddress else { return 0 }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base).assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        let start = output.count
        var written = 0
        defer { output.removeLast(output.count - start - written) }
        while inLeft > 0 {
            output.append(contentsOf: repeatElement(0, count: inLeft * 2 + 8))
            let failure: Int32? = output.withUnsafeMutableBufferPointer { buffer in
                guard let outBase = buffer.baseAddress else { return E2BIG }
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + start + written)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = buffer.count - start - written
                defer { written = buffer.count - start - outLeft }
                while inLeft > 0 {
                    guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 else { return nil }
                    guard errno == EILSEQ, outLeft > 0 else { return errno }
                    outPointer?.pointee = CChar(bitPattern: 0xFF)
                    outPointer = outPointer.map { $0 + 1 }
                    outLeft -= 1
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                }
                return nil
            }
            switch failure {
            case nil, E2BIG?, EILSEQ?:
                continue
            default:
                return input.count - inLeft
            }
        }
        return input.count
    }
}
