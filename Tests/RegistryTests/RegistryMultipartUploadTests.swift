import CSVFiles
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// `POST /imports` as a browser's form or `curl -F file=@x.csv` sends it: the file part is the import, CSV or xlsx by its
/// content; the form's boundary lines are never rows.
@Suite("registry multipart upload")
struct RegistryMultipartUploadTests {
    static let header = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始"
    static let rows = [
        ["320412201505050015", "张三明", "320412100201", "320412100201", "农村", "外出务工", "2024-03-01", "外出务工", "2024-03-01"],
        ["320412201505050023", "王五", "320412100201", "320412100201", "农村", "", "", "", ""]
    ]
    static let boundary = "------------------------7f3a1e0c5b2d9e61"

    /// A form as curl writes it for `-F batch=第一批 -F file=@名单.csv`.
    static func form(_ file: Data, filename: String) -> Data {
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"batch\"\r\n\r\n第一批\r\n".utf8)
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        body += Data("Content-Type: application/octet-stream\r\n\r\n".utf8) + file + Data("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    static func post(_ client: some TestClientProtocol, token: String, contentType: String, body: Data) async throws -> (
        status: HTTPResponse.Status, json: [String: Any], text: String
    ) {
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: contentType]
        return try await client.execute(uri: "/api/v1/registry/imports", method: .post, headers: headers, body: ByteBuffer(data: body)) {
            ($0.status, (try? $0.json()) ?? [:], String(buffer: $0.body))
        }
    }

    @Test("a CSV and an xlsx sent as a form's file open their children; the form's own lines are not rows")
    func formUploads() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let csv = Data((Self.header + "\r\n" + Self.rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n").utf8)
            let multipart = "multipart/form-data; boundary=\(Self.boundary)"
            let first = try await Self.post(client, token: tokens.manager, contentType: multipart, body: Self.form(csv, filename: "名单.csv"))
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["opened"] as? Int == 2, "\(first.text)")
            #expect((first.json["rejected"] as? [Any])?.isEmpty == true, "\(first.text)")

            var workbook = Data()
            var writer = try XLSXWriter(columns: Self.header.split(separator: ",").map { SheetColumn(String($0)) }) { workbook += $0 }
            for row in Self.rows { try writer.write(row) }
            try writer.finish()
            let again = try await Self.post(
                client, token: tokens.manager, contentType: multipart, body: Self.form(workbook, filename: "名单.xlsx"))
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.json["alreadyOpen"] as? Int == 2 && again.json["opened"] as? Int == 0, "\(again.text)")
        }
    }

    @Test("a form that is not one whole file, and a URL-encoded body, are refused before any row")
    func refusals() async throws {
        try await RegistryFixture.with { _, client, tokens in
            let csv = Data((Self.header + "\n" + Self.rows[0].joined(separator: ",") + "\n").utf8)
            let cutOff = Self.form(csv, filename: "名单.csv").dropLast(4)
            let incomplete = try await Self.post(
                client, token: tokens.manager, contentType: "multipart/form-data; boundary=\(Self.boundary)", body: Data(cutOff))
            #expect(incomplete.status == .badRequest, "\(incomplete.text)")
            #expect(incomplete.text.contains("--boundary--"), "\(incomplete.text)")

            let noBoundary = try await Self.post(client, token: tokens.manager, contentType: "multipart/form-data", body: csv)
            #expect(noBoundary.status == .badRequest, "\(noBoundary.text)")

            // `curl -d @名单.csv` sends this, with the file's line breaks removed.
            let urlEncoded = try await Self.post(
                client, token: tokens.manager, contentType: "application/x-www-form-urlencoded", body: csv.filter { $0 != 0x0A })
            #expect(urlEncoded.status == .unsupportedMediaType, "\(urlEncoded.text)")
            #expect(urlEncoded.text.contains("--data-binary"), "\(urlEncoded.text)")

            let children = try await client.call(.get, "/api/v1/registry/children?district=320412100201", token: tokens.manager)
            #expect(!children.text.contains("320412201505050015"), "\(children.text)")
        }
    }
}
