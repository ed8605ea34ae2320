import Contract
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO
import Synchronization

/// 幂等写入 — `Idempotency-Key` on every write (`POST`, `PUT`, `PATCH`, `DELETE`) of a signed-in caller, as Stripe and
/// draft-ietf-httpapi-idempotency-key-header define it. The same key with the same request (method, path with query,
/// SHA-256 of the body, a JSON body's keys sorted) within 24 hours is answered with the stored answer and
/// `Idempotent-Replayed: true`, the write not done again; the same key with another request is 422; while the first
/// request runs, a second is 409. A key is
/// 1–255 visible ASCII characters (a structured-field string's quotes are removed), else 400. Keys belong to the
/// user: two users' equal keys never meet (the user is part of the table's key, and row-level security on
/// `tonghu.user` enforces it). Answers below 500 are stored — a refusal too; a 5xx is not, so a retry runs again.
/// A console form carries its key in the field `_idempotency` (a browser without script cannot set a header).
/// Requests without a caller (sign-in) have their key checked but not kept: an answer is replayed only to its user.
///
/// Recorded once: the request runs in ONE transaction of its own, every `call.transaction` of the handler a savepoint
/// of it (``RequestTransaction``), and the answer is inserted in that same transaction before it commits. The write
/// and its stored answer are therefore committed together or not at all: a gateway that dies after the handler's
/// write but before answering has committed neither, so the retry does the write once; one that dies after the commit
/// has stored the answer, which the retry gets. Writes a handler makes on connections of its own (the registry's bulk
/// import commits its batches itself) are outside the guarantee; they are safe to repeat in themselves.
struct IdempotentWrites {
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
    static let formField = "_idempotency"
    static let methods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
    /// A keyed request's body is held to be fingerprinted: up to the largest upload (the registry's 50 MB) and a margin.
    static let bodyLimit = 64 << 20

    let database: Database

    /// The key the request carries — its header, or the `_idempotency` field of a URL-encoded form — or `nil`; a key
    /// of the wrong syntax is 400 naming where it was.
    static func key(of request: inout Request) async throws -> String? {
        if let value = request.headers[header] {
            let unquoted = value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : value
            guard valid(unquoted) else { throw invalid(header.rawName) }
            return unquoted
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: bodyLimit)
        let fields = URLComponents(string: "?" + String(buffer: body))?.queryItems ?? []
        guard let value = fields.first(where: { $0.name == formField })?.value else { return nil }
        guard valid(value) else { throw invalid(formField) }
        return value
    }

    static func valid(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// Runs `handle` once for (`user`, `key`) in a transaction of its own whose answer is kept, or answers what was kept.
    func run(
        key: String, user: UUID, request: Request, context: GatewayContext,
        _ handle: @escaping @Sendable (RequestTransaction) async throws -> Response
    ) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.bodyLimit)
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let fingerprint = Fingerprint(
            method: request.method.rawValue, path: request.uri.path + query,
            digest: ByteBuffer(bytes: SHA256.hash(data: Self.canonical(body, contentType: request.headers[.contentType]))))
        let settings = [("tonghu.user", user.uuidString), ("statement_timeout", "30s")]
        let outcome: Outcome
        do {
            outcome = try await database.transaction(settings: settings) { connection in
                try await answer(key: key, user: user, fingerprint: fingerprint, context: context, connection, handle)
            }
        } catch let unstored as Unstored {
            return unstored.response
        }
        switch outcome {
        case let .answered(response): return response
        case let .refused(error): throw error
        case var .replayed(response):
            response.headers[Self.replayed] = "true"
            return response
        }
    }

    private func answer(
        key: String, user: UUID, fingerprint: Fingerprint, context: GatewayContext, _ connection: PostgresConnection,
        _ handle: @Sendable (RequestTransaction) async throws -> Response
    ) async throws -> Outcome {
        let logger = database.logger
        let lock = user.uuidString + " " + key
        let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(hashtextextended(\(lock), 0))", logger: logger)
            .decode(Bool.self).collect()
        guard locked.first == true else { throw Self.inFlight }
        let rows = try await connection.query(
            """
            SELECT method, path, body_digest, status, header_names, header_values, body,
                   created_at > now() - interval '24 hours'
            FROM core.idempotency_keys WHERE user_id = \(user) AND key = \(key)
            """, logger: logger
        )
        .decode((String, String, ByteBuffer, Int16, [String], [String], ByteBuffer, Bool).self).collect()
        if let stored = rows.first {
            if stored.7 {
                guard Fingerprint(method: stored.0, path: stored.1, digest: stored.2) == fingerprint else { throw Self.reused }
                var headers = HTTPFields()
                for (name, value) in zip(stored.4, stored.5) {
                    if let name = HTTPField.Name(name) { headers.append(HTTPField(name: name, value: value)) }
                }
                return .replayed(Response(status: .init(code: Int(stored.3)), headers: headers, body: .init(byteBuffer: stored.6)))
            }
            try await connection.run("DELETE FROM core.idempotency_keys WHERE user_id = \(user) AND key = \(key)", logger: logger)
        }
        var response: Response
        var refusal: (any Error)?
        do {
            response = try await handle(RequestTransaction(connection: connection, logger: logger))
        } catch {
            let problem = ErrorMiddleware.problem(for: error, context: context)
            guard problem.status < 500 else { throw error }
            response = problem.response(language: context.language, instance: context.requestID)
            refusal = error
        }
        guard response.status.code < 500 else { throw Unstored(response: response) }
        let body = try await Self.collect(response.body)
        response.body = .init(byteBuffer: body)
        let headers = response.headers.filter { $0.name != .setCookie }
        let status = Int16(response.status.code)
        try await connection.run(
            """
            INSERT INTO core.idempotency_keys
                (user_id, key, method, path, body_digest, status, header_names, header_values, body)
            VALUES (\(user), \(key), \(fingerprint.method), \(fingerprint.path), \(fingerprint.digest), \(status),
                    \(headers.map(\.name.rawName)), \(headers.map(\.value)), \(body))
            """, logger: logger)
        try await connection.run("SELECT core.sweep_idempotency_keys()", logger: logger)
        return refusal.map { .refused($0) } ?? .answered(response)
    }

    /// What the body's digest is taken of: a JSON body with its keys sorted and no insignificant whitespace (a client
    /// that serialises the same object again may order its keys otherwise), any other body as it is.
    static func canonical(_ body: ByteBuffer, contentType: String?) -> Data {
        let bytes = Data(body.readableBytesView)
        guard contentType?.lowercased().hasPrefix("application/json") == true,
            let value = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]),
            let sorted = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return bytes }
        return sorted
    }

    /// The whole body of a response the handler made (pages and JSON are one buffer; a stream is read to its end).
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let sink = Sink()
        try await body.write(Sink.Writer(sink: sink))
        return sink.buffer.withLock { $0 }
    }

    struct Fingerprint: Equatable, Sendable {
        let method: String
        let path: String
        let digest: ByteBuffer
    }

    enum Outcome: Sendable {
        case answered(Response)
        /// A refusal (4xx) the handler threw, stored as its problem+json; thrown again after the commit, so the console
        /// still shows it as a page.
        case refused(any Error)
        case replayed(Response)
    }

    /// A 5xx answer: thrown to roll the transaction back, then answered.
    struct Unstored: Error {
        let response: Response
    }

    final class Sink: Sendable {
        let buffer = Mutex(ByteBuffer())

        struct Writer: ResponseBodyWriter {
            let sink: Sink
            mutating func write(_ buffer: ByteBuffer) async throws {
                sink.buffer.withLock { $0.writeImmutableBuffer(buffer) }
            }
            consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
        }
    }

    static func invalid(_ field: String) -> Problem {
        Problem(
            kind: "idempotency-key-invalid", status: 400, title: .init(zh: "幂等键无效", en: "Invalid idempotency key"),
            detail: .init(
                zh: "\(field) 须为 1 至 255 个可见 ASCII 字符", en: "\(field) must be 1 to 255 visible ASCII characters"),
            field: field)
    }

    static let inFlight = Problem(
        kind: "idempotency-key-in-flight", status: 409, title: .init(zh: "请求处理中", en: "Request in progress"),
        detail: .init(
            zh: "带同一 Idempotency-Key 的请求正在处理, 请稍后重试", en: "a request with the same Idempotency-Key is still being processed; retry later"),
        field: "Idempotency-Key")

    static let reused = Problem(
        kind: "idempotency-key-reused", status: 422, title: .init(zh: "幂等键已用于另一请求", en: "Idempotency key reused"),
        detail: .init(
            zh: "此 Idempotency-Key 已用于另一个请求 (方法、路径或请求体不同): 新请求请用新键",
            en: "this Idempotency-Key was used for a different request (method, path or body); use a new key for a new request"),
        field: "Idempotency-Key")
}
