import CZlib
import Foundation

/// Writes a zip archive front to back through a sink, one deflated entry at a time, without seeking: each entry's
/// sizes and CRC follow its data in a data descriptor, and the central directory comes last. Entries and the archive
/// stay under 4 GiB (no zip64). Names are UTF-8.
struct ZIPWriter {
    private struct Written {
        let name: [UInt8]
        let offset: UInt32
        let crc: UInt32
        let compressed: UInt32
        let size: UInt32
    }

    private let sink: (Data) throws -> Void
    private var offset: UInt32 = 0
    private var written: [Written] = []
    private var entry: Deflater?
    private var entryName: [UInt8] = []
    private var entryOffset: UInt32 = 0

    init(sink: @escaping (Data) throws -> Void) {
        self.sink = sink
    }

    /// Starts an entry (ending the open one).
    mutating func begin(_ name: String) throws {
        try end()
        entryName = Array(name.utf8)
        entryOffset = offset
        var header = Bytes()
        header.u32(0x0403_4b50)
        header.u16(20)
        header.u16(Self.flags)
        header.u16(8)
        header.u16(0) // time 00:00
        header.u16(Self.date)
        header.u32(0)
        header.u32(0)
        header.u32(0)
        header.u16(UInt16(entryName.count))
        header.u16(0)
        header.bytes.append(contentsOf: entryName)
        try emit(header.bytes)
        entry = try Deflater()
    }

    /// Adds bytes to the open entry.
    mutating func write(_ bytes: [UInt8]) throws {
        guard let entry else { return }
        let out = try entry.deflate(bytes, finish: false)
        if !out.isEmpty { try emit(out) }
    }

    /// Ends the open entry, if any.
    mutating func end() throws {
        guard let current = entry else { return }
        entry = nil
        let out = try current.deflate([], finish: true)
        if !out.isEmpty { try emit(out) }
        let done = Written(
            name: entryName, offset: entryOffset, crc: current.crc, compressed: UInt32(truncatingIfNeeded: current.compressed),
            size: UInt32(truncatingIfNeeded: current.size))
        var descriptor = Bytes()
        descriptor.u32(0x0807_4b50)
        descriptor.u32(done.crc)
        descriptor.u32(done.compressed)
        descriptor.u32(done.size)
        try emit(descriptor.bytes)
        written.append(done)
    }

    /// Ends the open entry and writes the central directory.
    mutating func finish() throws {
        try end()
        let start = offset
        var directory = Bytes()
        for file in written {
            directory.u32(0x0201_4b50)
            directory.u16(20)
            directory.u16(20)
            directory.u16(Self.flags)
            directory.u16(8)
            directory.u16(0)
            directory.u16(Self.date)
            directory.u32(file.crc)
            directory.u32(file.compressed)
            directory.u32(file.size)
            directory.u16(UInt16(file.name.count))
            directory.u16(0)
            directory.u16(0)
            directory.u16(0)
            directory.u16(0)
            directory.u32(0)
            directory.u32(file.offset)
            directory.bytes.append(contentsOf: file.name)
        }
        let size = UInt32(directory.bytes.count)
        directory.u32(0x0605_4b50)
        directory.u16(0)
        directory.u16(0)
        directory.u16(UInt16(written.count))
        directory.u16(UInt16(written.count))
        directory.u32(size)
        directory.u32(start)
        directory.u16(0)
        try emit(directory.bytes)
    }

    /// Data descriptor follows the data (bit 3); names are UTF-8 (bit 11).
    private static let flags: UInt16 = 0x0808
    /// 2020-01-01 in MS-DOS form: a fixed date keeps equal exports byte-identical.
    private static let date: UInt16 = (40 << 9) | (1 << 5) | 1

    private mutating func emit(_ bytes: [UInt8]) throws {
        offset &+= UInt32(truncatingIfNeeded: bytes.count)
        try sink(Data(bytes))
    }
}

/// Little-endian fields of zip records.
struct Bytes {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        u16(UInt16(value & 0xFFFF))
        u16(UInt16(value >> 16))
    }
}

/// One raw-deflate stream (zlib) with the CRC-32 and sizes of what went in.
private final class Deflater {
    private var stream = z_stream()
    private(set) var crc: UInt32 = 0
    private(set) var size = 0
    private(set) var compressed = 0

    init() throws {
        let status = deflateInit2_(
            &stream, Self.level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ZIPError.zlib(status) }
    }

    /// zlib's fastest level: sheet XML is repetitive enough that it still shrinks about fivefold.
    static let level: Int32 = 1

    deinit { deflateEnd(&stream) }

    func deflate(_ input: [UInt8], finish: Bool) throws -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        size += input.count
        crc = UInt32(input.withUnsafeBufferPointer { CZlib.crc32(uLong(crc), $0.baseAddress, uInt($0.count)) })
        try input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                let produced = try chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = CZlib.deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw ZIPError.zlib(status) }
                    return target.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[..<produced])
            } while stream.avail_out == 0 || (finish && stream.avail_in > 0)
        }
        stream.next_in = nil
        compressed += output.count
        return output
    }
}

/// Why a zip could not be written or read.
enum ZIPError: Error {
    case zlib(Int32)
    case notAZip
    case missing(String)
    case unsupported(String)
}
