import CSVFiles
import Contract
import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// `POST /api/v1/registry/imports` — the CSV or xlsx `tonghu registry import` takes, uploaded as the request body
/// (`text/csv`, UTF-8 with or without BOM, or GB18030, or an xlsx workbook, recognised by its zip signature) or as the
/// file of a `multipart/form-data` form (`curl -F file=@x.csv`, a browser's form; ``Call/upload(_:into:limit:)``); up to
/// 50 MB. Written as the CLI writes it (`RegistryImport`,
/// batches of 2,000 in set-based statements) but as the caller, under their district scope and row-level security: a
/// row with neither district in the caller's scope, or whose child is registered outside it, is refused with its line,
/// as is every bad row; valid rows are kept unless `allOrNothing=true`. Files already open are counted, not duplicated.
struct UploadEndpoint {
    static let limit = 50 << 20
    static let allOrNothing = QueryInput.boolean("allOrNothing", "有一行出错则全部不导入", default: false)
    /// Where bodies wait to be read, as files that have no name (no ID number left in a file after a crash).
    let spool: UploadSpool

    /// Mounted at gateway start: sweeps the spool of what a crashed gateway left.
    init(logger: Logger) {
        spool = UploadSpool()
        let removed = spool.sweep()
        if removed > 0 {
            logger.warning("removed \(removed) upload files left by an earlier gateway", metadata: ["directory": "\(spool.directory.path)"])
        }
    }

    var endpoint: Endpoint {
        Endpoint(
            .post, "/imports",
            summary: .init(
                zh: "上传儿童档案 CSV 或 xlsx 批量建档 (列同 tonghu registry import; 逐行报告错误)", en: "Upload a CSV or xlsx of children to open files"),
            access: .permission(RegistryPermissions.fileImport), inputs: [Self.allOrNothing],
            response: .json(RegistryCommand.Import.Outcome.self, .ok, .unprocessableContent)
        ) { [spool] request, call in
            let allOrNothing = try call.input(Self.allOrNothing)
            let upload = try await call.upload(request, into: spool, limit: Self.limit)
            defer { try? upload.close() }
            let outcome = try await RegistryImport(call: call, batchSize: 2_000).run(.upload(upload), allOrNothing: allOrNothing)
            call.countImportRows(accepted: outcome.opened + outcome.alreadyOpen, refused: outcome.rejected.count)
            return try call.json(outcome, status: outcome.rejected.isEmpty ? .ok : .unprocessableContent)
        }
    }
}
