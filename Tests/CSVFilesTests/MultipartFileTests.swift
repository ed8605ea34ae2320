import Foundation
import Testing

@testable import CSVFiles

/// A multipart form's file part comes out byte for byte, however the body is cut; a form that is not one file is refused.
@Suite struct MultipartFileTests {
    static let boundary = "------------------------d74496d66958873e"
    static let csv = "身份证号,姓名\r\n320412201505050015,张三明\r\n"

    /// A body as `curl -F note=… -F file=@x.csv` sends it.
    static func form(_ file: [UInt8], boundary: String = boundary, filename: String = "名单.csv", closed: Bool = true) -> [UInt8] {
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n第一批\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        body += Array("Content-Type: text/csv\r\n\r\n".utf8) + file
        body += Array("\r\n--\(boundary)\(closed ? "--" : "")\r\n".utf8)
        return body
    }

    /// Feeds `body` in pieces of `size` bytes and returns the file part.
    static func file(of body: [UInt8], boundary: String = boundary, pieces size: Int) throws -> [UInt8] {
        var form = MultipartFile(boundary: boundary)
        var file: [UInt8] = []
        var index = 0
        while index < body.count {
            try form.feed(body[index..<min(body.count, index + size)]) { file += $0 }
            index += size
        }
        try form.finish()
        return file
    }

    @Test func theFilePartComesOutWholeWhateverThePieces() throws {
        let csv = Array(Self.csv.utf8)
        for size in [1, 2, 3, 7, 45, 46, 47, 1 << 16] {
            #expect(try Self.file(of: Self.form(csv), pieces: size) == csv, "pieces of \(size)")
        }
    }

    @Test func bytesThatLookLikeABoundaryInsideTheFileStayInIt() throws {
        // An xlsx is binary: CR LF and dashes are ordinary bytes in it.
        var binary: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array("\r\n--\r\n------\r\n--".utf8)
        binary += Array("\r\n--\(Self.boundary.dropLast())x".utf8) + (0...255).map(UInt8.init)
        for size in [1, 5, 64, 1 << 16] {
            #expect(try Self.file(of: Self.form(binary), pieces: size) == binary)
        }
    }

    @Test func theBoundaryIsReadFromTheContentType() throws {
        #expect(try MultipartFile.boundary(ofContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartFile.boundary(ofContentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(try MultipartFile.boundary(ofContentType: "text/csv") == nil)
        #expect(throws: UploadRefusal.self) { try MultipartFile.boundary(ofContentType: "multipart/form-data") }
        #expect(throws: UploadRefusal.self) {
            try MultipartFile.boundary(ofContentType: "multipart/form-data; boundary=\(String(repeating: "x", count: 71))")
        }
    }

    @Test func aFormThatIsNotOneWholeFileIsRefused() throws {
        let csv = Array(Self.csv.utf8)
        let cutOff = Self.form(csv, closed: false)
        #expect(throws: UploadRefusal.self) { try Self.file(of: cutOff, pieces: 1 << 16) }

        let fieldsOnly = Array(
            "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(throws: UploadRefusal.self) { try Self.file(of: fieldsOnly, pieces: 1 << 16) }

        var twoFiles = Self.form(csv)
        twoFiles.removeLast(4) // "--\r\n" of the closing boundary
        twoFiles += Array(
            "\r\nContent-Disposition: form-data; name=\"second\"; filename=\"b.csv\"\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(throws: UploadRefusal.self) { try Self.file(of: twoFiles, pieces: 1 << 16) }

        let tooMany = (0...MultipartFile.maxParts).map {
            "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"f\($0)\"\r\n\r\nx\r\n"
        }
        let manyParts = Array((tooMany.joined() + "--\(Self.boundary)--\r\n").utf8)
        #expect(throws: UploadRefusal.self) { try Self.file(of: manyParts, pieces: 1 << 16) }

        let hugeHeader = Array("--\(Self.boundary)\r\nX-Padding: \(String(repeating: "x", count: MultipartFile.maxHeaderBytes))".utf8)
        #expect(throws: UploadRefusal.self) { try Self.file(of: hugeHeader, pieces: 100) }

        let noLineEnd = Array("--\(Self.boundary)garbage\r\n".utf8)
        #expect(throws: UploadRefusal.self) { try Self.file(of: noLineEnd, pieces: 1 << 16) }
    }

    @Test func theSpoolTakesAFormsFileAndRefusesAURLEncodedForm() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("multipart-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let spool = UploadSpool(directory: root)
        var intake = try spool.intake(contentType: "multipart/form-data; boundary=\(Self.boundary)", limit: 1 << 20)
        try intake.append(Self.form(Array(Self.csv.utf8)))
        let handle = try intake.finish()
        defer { try? handle.close() }
        let records = try Fixtures.records(try CSVReader(handle: handle, name: "上传文件"))
        #expect(records.map(\.fields) == [["身份证号", "姓名"], ["320412201505050015", "张三明"]])

        let urlEncoded = #expect(throws: UploadRefusal.self) {
            try spool.intake(contentType: "application/x-www-form-urlencoded", limit: 1 << 20)
        }
        #expect(urlEncoded?.kind == .unsupportedMediaType)
        var tooLarge = try spool.intake(contentType: "text/csv", limit: 10)
        #expect(throws: UploadRefusal(.tooLarge, zh: "上传文件超过 0 MB 上限", en: "the upload exceeds 0 MB")) {
            try tooLarge.append(Array(Self.csv.utf8))
        }
        tooLarge.discard()
    }
}
