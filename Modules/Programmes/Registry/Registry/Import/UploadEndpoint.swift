import Contract
import Foundation
import Hummingbird
import PostgresNIO

/// `POST /api/v1/registry/imports` — the CSV `tonghu registry import` takes, uploaded as the request body
/// (`text/csv`, UTF-8 with or without BOM, or GB18030; up to 50 MB). The rows go through the caller's district scope
/// and row-level security, one at a time under a savepoint: a row outside the caller's districts is refused with
/// its line, as is every bad row; valid rows are kept unless `allOrNothing=true`. Files already open are counted,
/// not duplicated. (The CLI's batched path writes as the schema owner, for province-scale files.)
struct UploadEndpoint {
    let files: FileRepository
    static let limit = 50 << 20

    var endpoint: Endpoint {
        Endpoint(.post, "/imports", summary: .init(zh: "上传儿童档案 CSV 批量建档 (列同 tonghu registry import; 逐行报告错误)", en: "Upload a CSV of children to open files"),
                 access: .permission(RegistryPermissions.fileImport), query: ["allOrNothing"]) { request, call in
            let allOrNothing = request.uri.queryParameters.get("allOrNothing") == "true"
            let upload = try await Self.save(request.body)
            defer { try? FileManager.default.removeItem(at: upload) }
            var outcome = RegistryCommand.Import.Outcome()
            do {
                if allOrNothing {
                    outcome = try await call.transaction { connection in
                        var outcome = RegistryCommand.Import.Outcome()
                        var reader = ImportReader(url: upload, today: .today(), batchSize: 500)
                        while let batch = reader.next() { try await open(batch, call: call, into: &outcome, connection) }
                        if !outcome.rejected.isEmpty { throw Refused(outcome: outcome) }
                        return outcome
                    }
                } else {
                    var reader = ImportReader(url: upload, today: .today(), batchSize: 500)
                    while let batch = reader.next() {
                        outcome = try await call.transaction { [outcome] connection in
                            var outcome = outcome
                            try await open(batch, call: call, into: &outcome, connection)
                            return outcome
                        }
                    }
                }
            } catch let refused as Refused {
                outcome = refused.outcome
                outcome.opened = 0
                outcome.alreadyOpen = 0
            }
            outcome.rejected.sort { ($0.row ?? 0) < ($1.row ?? 0) }
            return try call.json(outcome, status: outcome.rejected.isEmpty ? .ok : .unprocessableContent)
        }
    }

    /// Thrown to roll an all-or-nothing upload back, carrying what was found.
    private struct Refused: Error { let outcome: RegistryCommand.Import.Outcome }

    /// Opens each checked row of `batch` under a savepoint; refusals keep their line.
    func open(_ batch: ImportReader.Batch, call: Call, into outcome: inout RegistryCommand.Import.Outcome, _ connection: PostgresConnection) async throws {
        outcome.rejected += batch.rejected
        let today = CalendarDate.today()
        for row in batch.rows {
            guard call.scope.contains(row.child.residence) || call.scope.contains(row.child.hukou) else {
                outcome.rejected.append(Problem.invalid("residenceDistrict", "居住地和户籍地都不在您的管辖范围内", "neither district is within your scope").at(row: row.line))
                continue
            }
            try await connection.run("SAVEPOINT upload_row", logger: files.logger)
            do {
                if let existing = try await call.context.children.lookup(row.child.id, reveal: false, on: connection),
                   try await files.facts(existing.id, connection) != nil {
                    outcome.alreadyOpen += 1
                } else {
                    let id = try await files.open(row.request, child: row.child, by: call.actor, today: today, connection)
                    try await call.audit("file.import", entity: "file", entityID: id.uuidString, child: id, on: connection)
                    outcome.opened += 1
                }
                try await connection.run("RELEASE SAVEPOINT upload_row", logger: files.logger)
            } catch let problem as Problem {
                try await connection.run("ROLLBACK TO SAVEPOINT upload_row", logger: files.logger)
                outcome.rejected.append(problem.at(row: row.line))
            }
        }
    }

    /// Writes the body to a temporary file, refusing more than `limit` bytes (413).
    static func save(_ body: RequestBody) async throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tonghu-upload-\(UUID().uuidString).csv")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw Problem(kind: "internal", status: 500, title: .init(zh: "服务器内部错误", en: "Internal error"), detail: .init(zh: "无法保存上传文件", en: "cannot store the upload"))
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var size = 0
        do {
            for try await buffer in body {
                size += buffer.readableBytes
                guard size <= limit else {
                    throw Problem(kind: "payload-too-large", status: 413, title: .init(zh: "请求体过大", en: "Payload too large"),
                                  detail: .init(zh: "上传文件超过 \(limit >> 20) MB 上限", en: "the upload exceeds \(limit >> 20) MB"))
                }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        guard size > 0 else {
            try? FileManager.default.removeItem(at: url)
            throw Problem.malformed("请求体为空, 需要 CSV 文件内容", "the body is empty; CSV expected")
        }
        return url
    }
}
