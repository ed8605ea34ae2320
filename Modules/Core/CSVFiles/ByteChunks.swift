import Foundation

/// The undecoded input, handed out one chunk at a time so that memory stays bounded.
enum ByteChunks {
    case file(FileHandle, path: String, chunkSize: Int)
    case memory(Data, offset: Int, chunkSize: Int)

    /// Chunks smaller than 4 bytes are raised to 4 so the first one can hold a byte-order mark.
    static func clamped(_ chunkSize: Int) -> Int { max(chunkSize, 4) }

    /// The next chunk, or `nil` at the end of the input.
    mutating func next() throws(CSVError) -> Data? {
        switch self {
        case .file(let handle, let path, let chunkSize):
            do {
                guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
                return data
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
        case .memory(let data, let offset, let chunkSize):
            guard offset < data.count else { return nil }
            let start = data.startIndex + offset
            let end = min(start + chunkSize, data.endIndex)
            self = .memory(data, offset: offset + (end - start), chunkSize: chunkSize)
            return data[start..<end]
        }
    }
}
