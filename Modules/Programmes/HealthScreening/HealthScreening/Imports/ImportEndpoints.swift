import CSVFiles
import Contract
import Foundation
import Hummingbird

/// `POST /api/v1/health-screening/imports/births` and `…/imports/lab-results`: a hospital's births or a laboratory's
/// results as CSV (UTF-8 with or without BOM, or GB18030) or xlsx, sent as the request body or as the file of a
/// `multipart/form-data` form (``Call/upload(_:into:limit:)``), up to 50 MB; written as the caller, under their scope and
/// row-level security. 200 with the report, or 422 with every refused row (line, field, reason) and nothing written.
struct ImportEndpoints {
    static let limit = 50 << 20
    /// Where bodies wait to be read, as files that have no name (the registry's upload route sweeps what a crash left).
    let spool = UploadSpool()

    var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, "/imports/births",
                summary: .init(zh: "上传出生信息 CSV 或 xlsx 批量登记新生儿 (逐行报告错误, 有错则全部不导入)", en: "Upload births to register newborns"),
                access: .permission(HealthScreeningPermissions.newbornRegister),
                response: .json(BirthImport.Outcome.self, .ok, .unprocessableContent)
            ) { [spool] request, call in
                try await Self.answer(request, call, spool) { try await BirthImport(writer: ImportWriter(call: call)).run($0) }
            },
            Endpoint(
                .post, "/imports/lab-results",
                summary: .init(
                    zh: "上传实验室筛查结果 CSV 或 xlsx (按住院号或母亲身份证号匹配新生儿: 匹配/未匹配/存疑)", en: "Upload laboratory results"),
                access: .permission(HealthScreeningPermissions.screeningRecord),
                response: .json(LabResultImport.Outcome.self, .ok, .unprocessableContent)
            ) { [spool] request, call in
                try await Self.answer(request, call, spool) { try await LabResultImport(writer: ImportWriter(call: call)).run($0) }
            }
        ]
    }

    /// The upload spooled and imported: 200 with the report, 422 when a row was refused (nothing written then).
    static func answer(
        _ request: Request, _ call: Call, _ spool: UploadSpool, _ run: (ImportFile) async throws -> some ImportOutcome
    ) async throws -> Response {
        let upload = try await call.upload(request, into: spool, limit: Self.limit)
        defer { try? upload.close() }
        let outcome = try await run(try ImportFile(upload: upload))
        return try call.json(outcome, status: outcome.refused.isEmpty ? .ok : .unprocessableContent)
    }
}
