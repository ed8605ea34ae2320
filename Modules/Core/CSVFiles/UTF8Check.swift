/// Whether bytes are valid UTF-8, tolerating a character cut off at the end when more input follows.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeRawBufferPointer, moreFollows: Bool) -> Bool {
        var end = bytes.count
        if moreFollows, let start = incompleteTailStart(bytes) { end = start }
        return String(validating: bytes[..<end], as: UTF8.self) != nil
    }

    /// Where a trailing multi-byte sequence that is too short for its lead byte starts, if there is one.
    private static func incompleteTailStart(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = bytes.count - 1
        while index >= 0, index >= bytes.count - 3, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        guard index >= 0 else { return nil }
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return bytes.count - index < length ? index : nil
    }
}
