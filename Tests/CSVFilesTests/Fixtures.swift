import Foundation
import Testing

@testable import CSVFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Test inputs: files in a fresh temporary folder, GB18030 text made with iconv, and whole-input reads.
enum Fixtures {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Writes `bytes` to a new temporary file.
    static func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csvfiles-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return url
    }

    /// `text` in GB18030, converted by iconv.
    static func gb18030(_ text: String) throws -> [UInt8] {
        let converter = try #require(iconv_open("GB18030", "UTF-8"))
        try #require(converter != iconv_t(bitPattern: -1))
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
        var outLeft = output.count
        let result = input.withUnsafeMutableBytes { inBytes in
            output.withUnsafeMutableBytes { outBytes in
                var inPointer = inBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBytes.count
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        try #require(result != -1)
        return Array(output.dropLast(outLeft))
    }

    /// Every record of `reader`, failing the test on any error.
    static func records(_ reader: CSVReader) throws -> [CSVRecord] {
        var reader = reader
        var records: [CSVRecord] = []
        while let record = try reader.nextRecord() { records.append(record) }
        return records
    }

    /// Every record and every error of `reader`, in order.
    static func outcomes(_ reader: CSVReader) -> [Result<CSVRecord, CSVError>] {
        var reader = reader
        var outcomes: [Result<CSVRecord, CSVError>] = []
        while true {
            do {
                guard let record = try reader.nextRecord() else { return outcomes }
                outcomes.append(.success(record))
            } catch {
                outcomes.append(.failure(error))
            }
        }
    }
}
