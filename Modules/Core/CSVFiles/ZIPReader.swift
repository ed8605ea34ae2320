import CZlib
import Foundation

/// Reads entries of a zip archive (stored or deflated) from a file or memory, each as a stream of chunks, so that a
/// large entry is never held whole. Looks entries up by the central directory at the end of the archive.
final class ZIPReader {
    /// Where the archive's bytes are; a file is read from the offset it had when the reader was made.
    enum Source {
        case file(FileHandle, start: UInt64)
        case memory(Data)
    }

    struct Entry {
        let method: UInt16
        let compressed: Int
        let size: Int
        let headerOffset: Int
    }

    private let source: Source
    private let length: Int
    private(set) var entries: [String: Entry] = [:]

    init(_ source: Source) throws {
        self.source = source
        switch source {
        case .file(let handle, let start): length = Int(try handle.seekToEnd() - start)
        case .memory(let data): length = data.count
        }
        try readDirectory()
    }

    /// `count` bytes (fewer at the end) from `offset`.
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        switch source {
        case .file(let handle, let start):
            try handle.seek(toOffset: start + UInt64(offset))
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        case .memory(let data):
            let from = data.startIndex + min(offset, data.count)
            return [UInt8](data[from..<min(from + count, data.endIndex)])
        }
    }

    /// The entry's content as a stream of decompressed chunks.
    func open(_ name: String) throws -> EntryStream {
        guard let entry = entries[name] else { throw ZIPError.missing(name) }
        let header = try bytes(at: entry.headerOffset, count: 30)
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4b50 else { throw ZIPError.notAZip }
        let start = entry.headerOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard entry.method == 0 || entry.method == 8 else { throw ZIPError.unsupported("compression method \(entry.method)") }
        return try EntryStream(zip: self, start: start, entry: entry)
    }

    /// The whole entry, for the small parts of a workbook.
    func read(_ name: String) throws -> [UInt8] {
        let stream = try open(name)
        var all: [UInt8] = []
        while let chunk = try stream.next() { all += chunk }
        return all
    }

    private func readDirectory() throws {
        let tail = try bytes(at: max(0, length - 65_557), count: 65_557)
        guard tail.count >= 22,
            let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: { Self.u32(tail, $0) == 0x0605_4b50 })
        else { throw ZIPError.notAZip }
        let count = Int(Self.u16(tail, end + 10))
        let size = Int(Self.u32(tail, end + 12))
        let offset = Int(Self.u32(tail, end + 16))
        let directory = try bytes(at: offset, count: size)
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, Self.u32(directory, position) == 0x0201_4b50 else { throw ZIPError.notAZip }
            let nameLength = Int(Self.u16(directory, position + 28))
            let extra = Int(Self.u16(directory, position + 30))
            let comment = Int(Self.u16(directory, position + 32))
            guard position + 46 + nameLength <= directory.count else { throw ZIPError.notAZip }
            let name = String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            entries[name] = Entry(
                method: Self.u16(directory, position + 10), compressed: Int(Self.u32(directory, position + 20)),
                size: Int(Self.u32(directory, position + 24)), headerOffset: Int(Self.u32(directory, position + 42)))
            position += 46 + nameLength + extra + comment
        }
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
}

/// One entry's decompressed bytes, a chunk at a time.
final class EntryStream {
    private let zip: ZIPReader
    private let entry: ZIPReader.Entry
    private var position: Int
    private var remaining: Int
    private var stream = z_stream()
    private var isInflating = false
    private var isDone = false
    private var pending: [UInt8] = []

    fileprivate init(zip: ZIPReader, start: Int, entry: ZIPReader.Entry) throws {
        self.zip = zip
        self.entry = entry
        position = start
        remaining = entry.compressed
        if entry.method == 8 {
            let status = inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw ZIPError.zlib(status) }
            isInflating = true
        }
    }

    deinit { if isInflating { inflateEnd(&stream) } }

    /// The next decompressed chunk, or `nil` at the end of the entry.
    func next() throws -> [UInt8]? {
        while !isDone {
            if pending.isEmpty, remaining > 0 {
                pending = try zip.bytes(at: position, count: min(remaining, 1 << 16))
                guard !pending.isEmpty else { throw ZIPError.notAZip }
                position += pending.count
                remaining -= pending.count
            }
            guard isInflating else {
                isDone = remaining == 0
                defer { pending = [] }
                return pending.isEmpty ? nil : pending
            }
            var output = [UInt8](repeating: 0, count: 1 << 17)
            var status: Int32 = Z_OK
            let consumed: Int
            let produced: Int
            (consumed, produced) = pending.withUnsafeMutableBufferPointer { input in
                output.withUnsafeMutableBufferPointer { target in
                    stream.next_in = input.baseAddress
                    stream.avail_in = uInt(input.count)
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return (input.count - Int(stream.avail_in), target.count - Int(stream.avail_out))
                }
            }
            pending.removeFirst(consumed)
            if status == Z_STREAM_END { isDone = true } else if status != Z_OK && status != Z_BUF_ERROR { throw ZIPError.zlib(status) }
            if !isDone, produced == 0, pending.isEmpty, remaining == 0 { throw ZIPError.zlib(Z_DATA_ERROR) }
            if produced > 0 { return Array(output[..<produced]) }
        }
        return nil
    }
}
