import CSVFiles
import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Registry

/// The roster through a real spreadsheet engine (issue 15): exported, opened and saved by LibreOffice Calc
/// (headless, Debian's `libreoffice-calc-nogui`, installed by scripts/install-prerequisites), imported again.
@Suite("电子表格往返 spreadsheet round trip")
struct SpreadsheetRoundTripTests {
    static let header = "身份证号,姓名,居住地区划,户籍地区划,联系人,联系人关系,联系电话\n"
    /// Names a spreadsheet would run as formulas, and ID numbers it would turn into numbers.
    static let rows = [
        #"320412201406060023,"=HYPERLINK(""http://x.example"",""点我"")",320412100202,320412100202,李外婆,外祖母,13698765432"#,
        "320412201607070033,+王浩然,320412100201,320412100201,,,",
        "320412201505050015,@张三明,320412101201,320412101201,张爷爷,祖父,13912345678"
    ]
    static let names = [#"=HYPERLINK("http://x.example","点我")"#, "+王浩然", "@张三明"]

    /// Runs `soffice --headless` once with `arguments`, in a profile of its own.
    func soffice(_ arguments: [String], in directory: URL) throws {
        let path = ["/usr/bin/soffice", "/usr/local/bin/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let executable = try #require(path, "LibreOffice is missing: run scripts/install-prerequisites (libreoffice-calc-nogui)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["-env:UserInstallation=\(directory.appendingPathComponent("profile").absoluteString)", "--headless"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    func export(_ test: TestPlatform, _ format: ExportFormat, to url: URL) async throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        #expect(
            try await RegistryExport(platform: test.platform, actor: "test").write(
                district: TestPlatform.county, reveal: true, format: format, to: handle) == Self.rows.count)
        try handle.close()
    }

    func records(_ url: URL) throws -> [[String]] {
        var reader = try CSVReader(url: url)
        var records: [[String]] = []
        while let record = try reader.nextRecord() {
            var fields = record.fields
            while fields.last == "" { fields.removeLast() }
            records.append(fields)
        }
        return records
    }

    func roster(_ test: TestPlatform) async throws -> [String] {
        try await test.owner.withConnection {
            try await $0.query(
                "SELECT f.child_id::text || ' ' || c.id_number_masked || ' ' || f.name FROM registry.files f JOIN core.children c ON c.id = f.child_id ORDER BY 1",
                logger: test.logger
            ).decode(String.self).collect()
        }
    }

    @Test("export → LibreOffice opens and saves → import changes nothing: xlsx as it is, CSV with its columns opened as Text")
    func roundTrip() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString)")
            let saved = directory.appendingPathComponent("saved")
            try FileManager.default.createDirectory(at: saved, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = directory.appendingPathComponent("source.csv")
            try Data((Self.header + Self.rows.joined(separator: "\n") + "\n").utf8).write(to: source)
            let imported = try await RegistryImport(platform: test.platform, actor: "test").run(source, allOrNothing: false)
            #expect(imported.opened == Self.rows.count && imported.rejected.isEmpty, "\(imported.rejected)")
            let before = try await roster(test)

            let workbook = directory.appendingPathComponent("roster-sheet.xlsx")
            let table = directory.appendingPathComponent("roster-text.csv")
            try await export(test, .xlsx, to: workbook)
            try await export(test, .csv, to: table)
            // The workbook opened and saved as it is.
            try soffice(["--convert-to", "xlsx", "--outdir", saved.path, workbook.path], in: directory)
            // The CSV opened with every column as Text, the documented way, and saved as CSV.
            let text = (1...RosterCSV.header.count).map { "\($0)/2" }.joined(separator: "/")
            try soffice(
                [
                    "--infilter=CSV:44,34,76,1,\(text)", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir",
                    saved.path, table.path
                ],
                in: directory)
            // The CSV opened with the import dialog's default (Standard) columns and saved as a workbook.
            try soffice(["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", saved.path, table.path], in: directory)

            let exported = try records(workbook)
            #expect(exported.first == RosterCSV.columns(.xlsx).map(\.title))
            #expect(Set(exported.dropFirst().map { $0[1] }) == Set(Self.names))
            #expect(
                exported.dropFirst().allSatisfy { $0[5] != "" && ["红", "黄", "蓝", "绿"].contains($0[7]) },
                "district names and Chinese colours: \(exported)")
            let resavedWorkbook = saved.appendingPathComponent("roster-sheet.xlsx")
            #expect(try records(resavedWorkbook) == exported)
            let resavedTable = saved.appendingPathComponent("roster-text.csv")
            #expect(try records(resavedTable) == records(table))

            for file in [resavedWorkbook, resavedTable] {
                let again = try await RegistryImport(platform: test.platform, actor: "test").run(file, allOrNothing: false)
                #expect(
                    again.opened == 0 && again.alreadyOpen == Self.rows.count && again.rejected.isEmpty,
                    "\(file.lastPathComponent): \(again.rejected)")
            }
            #expect(try await roster(test) == before)

            // Opened with Standard columns, the CSV's ID numbers became numbers: each row says so.
            let converted = try await RegistryImport(platform: test.platform, actor: "test").run(
                saved.appendingPathComponent("roster-text.xlsx"), allOrNothing: false)
            #expect(converted.opened == 0 && converted.rejected.count == Self.rows.count)
            #expect(converted.rejected.allSatisfy { $0.field == "idNumber" && $0.detail.zh.contains("电子表格转成了数字") }, "\(converted.rejected)")
            #expect(try await roster(test) == before)
        }
    }

    /// The raw answer of a route: status, content type and body bytes.
    func fetch(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, body: Data? = nil) async throws
        -> (status: HTTPResponse.Status, contentType: String?, body: Data)
    {
        try await client.execute(
            uri: uri, method: method, headers: [.authorization: "Bearer \(token)"], body: body.map { ByteBuffer(bytes: $0) }
        ) { response in
            (response.status, response.headers[.contentType], Data(response.body.readableBytesView))
        }
    }

    @Test("GET /exports/roster?format=xlsx: a workbook masked as the CSV is; POST /imports takes a workbook back")
    func route() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let source = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: source) }
            try Data((Self.header + Self.rows.joined(separator: "\n") + "\n").utf8).write(to: source)
            let imported = try await RegistryImport(platform: test.platform, actor: "test").run(source, allOrNothing: false)
            #expect(imported.opened == Self.rows.count && imported.rejected.isEmpty, "\(imported.rejected)")

            // 湖塘镇's supervisor: two of the three children, ID numbers masked.
            let masked = try await fetch(
                client, .get, "/api/v1/registry/exports/roster?district=\(TestPlatform.townshipA)&format=xlsx", token: tokens.supervisor)
            #expect(masked.status == .ok)
            #expect(masked.contentType == ExportFormat.xlsx.contentType)
            var reader = try CSVReader(data: masked.body)
            var records: [[String]] = []
            while let record = try reader.nextRecord() { records.append(record.fields) }
            #expect(records.first == RosterCSV.columns(.xlsx).map(\.title))
            #expect(records.count == 3, "\(records)")
            #expect(records.dropFirst().allSatisfy { $0[2].hasPrefix("320412********") && Self.names.contains($0[1]) }, "\(records)")

            let full = try await fetch(
                client, .get, "/api/v1/registry/exports/roster?district=\(TestPlatform.county)&format=xlsx", token: tokens.manager)
            #expect(full.status == .ok)
            let uploaded = try await fetch(client, .post, "/api/v1/registry/imports", token: tokens.manager, body: full.body)
            #expect(uploaded.status == .ok, "\(String(decoding: uploaded.body, as: UTF8.self))")
            let outcome = try JSONSerialization.jsonObject(with: uploaded.body) as? [String: Any]
            #expect(outcome?["alreadyOpen"] as? Int == Self.rows.count && outcome?["opened"] as? Int == 0)

            let unknown = try await fetch(
                client, .get, "/api/v1/registry/exports/roster?district=\(TestPlatform.county)&format=pdf", token: tokens.manager)
            #expect(unknown.status == .unprocessableContent)
        }
    }
}
