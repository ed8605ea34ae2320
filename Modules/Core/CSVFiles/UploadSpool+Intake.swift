import Foundation

extension UploadSpool {
    /// 上传接收 — a request body on its way into a spool file: the bytes themselves (a CSV or xlsx sent as the body),
    /// or the file part of a `multipart/form-data` form (``MultipartFile``), at most `limit` bytes of body in all.
    public struct Intake {
        private let handle: FileHandle
        private var form: MultipartFile?
        private let limit: Int
        private var received = 0
        private var stored = 0

        fileprivate init(handle: FileHandle, form: MultipartFile?, limit: Int) {
            self.handle = handle
            self.form = form
            self.limit = limit
        }

        /// Stores the next bytes of the body; refuses (``UploadRefusal/Kind/tooLarge``) past the limit.
        public mutating func append(_ bytes: some Collection<UInt8>) throws {
            received += bytes.count
            guard received <= limit else {
                throw UploadRefusal(.tooLarge, zh: "上传文件超过 \(limit >> 20) MB 上限", en: "the upload exceeds \(limit >> 20) MB")
            }
            guard var parser = form else { return try write(bytes) }
            let handle = handle
            var written = 0
            try parser.feed(bytes) { piece in
                written += piece.count
                try handle.write(contentsOf: Data(piece))
            }
            form = parser
            stored += written
        }

        /// The stored file, rewound; refuses an incomplete form and an empty file.
        public func finish() throws -> FileHandle {
            try form?.finish()
            guard stored > 0 else {
                throw UploadRefusal(.empty, zh: "上传的文件为空, 需要 CSV 或 xlsx 文件内容", en: "the upload is empty; a CSV or xlsx file expected")
            }
            try handle.seek(toOffset: 0)
            return handle
        }

        /// Closes the spool file (which frees it: it has no name).
        public func discard() { try? handle.close() }

        private mutating func write(_ bytes: some Collection<UInt8>) throws {
            stored += bytes.count
            try handle.write(contentsOf: Data(bytes))
        }
    }

    /// An intake for a body of `contentType`: `multipart/form-data` gives its file part; a URL-encoded form is refused
    /// (``UploadRefusal/Kind/unsupportedMediaType``: `curl -d @file` strips the file's line ends); any other type, or
    /// none, is the file's bytes, read as CSV or xlsx by their content. Throws ``UploadRefusal`` or ``Failure``.
    public func intake(contentType: String?, limit: Int) throws -> Intake {
        let media = HeaderParameters(contentType ?? "").value.lowercased()
        if media == "application/x-www-form-urlencoded" {
            throw UploadRefusal(
                .unsupportedMediaType,
                zh: "不接受 application/x-www-form-urlencoded (curl -d 会删去文件的换行); 请用 curl -F file=@名单.csv, 或 --data-binary @名单.csv",
                en: "application/x-www-form-urlencoded is not accepted (curl -d strips the file's line breaks); "
                    + "use curl -F file=@roster.csv, or --data-binary @roster.csv")
        }
        let boundary = try MultipartFile.boundary(ofContentType: contentType ?? "")
        if boundary == nil, media.hasPrefix("multipart/") {
            throw UploadRefusal(
                .unsupportedMediaType, zh: "不接受 \(media); 请用 multipart/form-data 表单或直接上传文件",
                en: "\(media) is not accepted; send a multipart/form-data form or the file itself")
        }
        return Intake(handle: try file(), form: boundary.map(MultipartFile.init(boundary:)), limit: limit)
    }
}
