import CSVFiles
import Foundation
import Hummingbird

extension Call {
    /// The file an upload route receives, in a spool file of `spool` (no name, mode 0600), read from its start: the
    /// body itself (`text/csv`, an xlsx, any type but the two below) or the file part of a `multipart/form-data` form
    /// (a browser's form, `curl -F file=@x.csv`). Refused: more than `limit` bytes of body (413), a URL-encoded form or
    /// another multipart type (415), a malformed or incomplete form, none or several files, an empty file (400).
    public func upload(_ request: Request, into spool: UploadSpool, limit: Int) async throws -> FileHandle {
        var intake: UploadSpool.Intake
        do {
            intake = try spool.intake(contentType: request.headers[.contentType], limit: limit)
        } catch let failure as UploadSpool.Failure {
            context.logger.error("cannot make an upload spool file", metadata: ["reason": "\(failure.description)"])
            throw Problem(
                kind: "internal", status: 500, title: .init(zh: "服务器内部错误", en: "Internal error"),
                detail: .init(zh: "无法保存上传文件", en: "cannot store the upload"))
        } catch let refusal as UploadRefusal {
            throw Self.problem(refusal)
        }
        do {
            for try await buffer in request.body { try intake.append(buffer.readableBytesView) }
            return try intake.finish()
        } catch {
            intake.discard()
            if let refusal = error as? UploadRefusal { throw Self.problem(refusal) }
            throw error
        }
    }

    private static func problem(_ refusal: UploadRefusal) -> Problem {
        let detail = Localized(zh: refusal.zh, en: refusal.en)
        return switch refusal.kind {
        case .malformed, .empty: Problem.malformed(refusal.zh, refusal.en)
        case .tooLarge:
            Problem(kind: "payload-too-large", status: 413, title: .init(zh: "请求体过大", en: "Payload too large"), detail: detail)
        case .unsupportedMediaType:
            Problem(kind: "unsupported-media-type", status: 415, title: .init(zh: "不支持的上传格式", en: "Unsupported media type"), detail: detail)
        }
    }
}
