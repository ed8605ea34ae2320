import Foundation
import Hummingbird
import PostgresNIO

/// One authorised request as a handler sees it: the caller, their district scope for the endpoint's permission,
/// and the ways to touch data under that scope (every transaction carries it to row-level security).
public struct Call: Sendable {
    public let context: ProgrammeContext
    public let principal: Principal?
    /// Where the caller holds the endpoint's permission (everywhere for open endpoints' system work: never used).
    public let scope: DistrictScope
    public let programme: String
    public let requestID: String
    public let clientAddress: String?
    public let language: Language
    /// The bearer token of this request (logout revokes it).
    public let bearerToken: String?
    let parameters: Parameters
    /// The query string, read through `input(_:)` only; the gateway sets it with ``declaredInputs``.
    package var queryParameters: Parameters = [:]
    /// The inputs the endpoint declared (`query:name`, `path:name`): reading any other is a programming error.
    package var declaredInputs: Set<String> = []
    /// What the endpoint declared it answers: `json(_:)` of any other type stops a debug build.
    package var declaredResponse: ResponseDeclaration?
    /// The request's own transaction when the gateway makes the whole request atomic (an `Idempotency-Key` write):
    /// ``transaction(narrowedTo:_:)`` then runs as a savepoint of it.
    package var requestTransaction: RequestTransaction?
    let decoder: JSONDecoder
    let maxBodySize: Int

    public init(context: ProgrammeContext, principal: Principal?, scope: DistrictScope, programme: String, gateway: GatewayContext) {
        self.context = context
        self.principal = principal
        self.scope = scope
        self.programme = programme
        self.requestID = gateway.requestID
        self.clientAddress = gateway.clientAddress
        self.language = gateway.language
        self.bearerToken = gateway.bearerToken
        self.parameters = gateway.parameters
        self.decoder = gateway.requestDecoder
        self.maxBodySize = gateway.maxUploadSize
    }

    /// The username for the audit trail.
    public var actor: String { principal?.username ?? "anonymous" }

    /// The platform's clock: what "today" is for this call's answers.
    public var clock: WallClock { context.clock }

    /// Runs `body` in a transaction whose `tonghu.scope` is this call's scope, narrowed to `district` if given; a
    /// `district` outside the scope is a 404 (a list or figure is never labelled with a district it does not cover).
    /// Within a ``RequestTransaction`` it is a savepoint of that transaction, committed with it.
    public func transaction<T: Sendable>(narrowedTo district: DistrictCode? = nil, _ body: @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        if let district { try requireInScope(district) }
        if let requestTransaction {
            return try await requestTransaction.savepoint(settings: transactionSettings(narrowedTo: district), body)
        }
        return try await context.database.transaction(settings: transactionSettings(narrowedTo: district), body)
    }

    /// `district`, which must lie within the caller's scope for this endpoint; otherwise 404, as if it did not exist.
    @discardableResult
    public func requireInScope(_ district: DistrictCode) throws -> DistrictCode {
        guard scope.contains(district) else { throw Problem.notFound(.init(zh: "区划 \(district) ", en: "District \(district)")) }
        return district
    }

    /// What each of this call's transactions sets first: the scope (narrowed to `district` if given) for row-level
    /// security, the actor and request id its audit rows are recorded under, and a statement timeout.
    public func transactionSettings(narrowedTo district: DistrictCode? = nil) -> [(name: String, value: String)] {
        [("tonghu.scope", (district.map { scope.narrowed(to: $0) } ?? scope).multirange)]
            + AuditLog.attribution(actor: actor, request: requestID) + [("statement_timeout", "30s")]
    }

    /// Whether the caller also holds `permission` for `district` (e.g. `core.child.reveal` for the child's district).
    public func holds(_ permission: Permission, in district: DistrictCode) -> Bool {
        principal?.scope(for: permission, in: context.roles).contains(district) ?? false
    }

    /// An audit entry for this call, ready to record (in the write's transaction) or buffer (for reads).
    public func auditEntry(
        _ action: String, entity: String? = nil, entityID: String? = nil, child: UUID? = nil, outcome: String = "success"
    ) -> AuditEntry {
        AuditEntry(
            actor: actor, action: action, programme: programme, entity: entity, entityID: entityID, childID: child,
            outcome: outcome, requestID: requestID, clientAddress: clientAddress)
    }

    /// Records a write in the same transaction as the write.
    public func audit(
        _ action: String, entity: String? = nil, entityID: String? = nil, child: UUID? = nil, on connection: PostgresConnection
    ) async throws {
        try await context.audit.record(auditEntry(action, entity: entity, entityID: entityID, child: child), on: connection)
    }

    /// Records a read of a child's file through the one-second buffer.
    public func auditRead(_ action: String, entity: String? = nil, entityID: String? = nil, child: UUID?) {
        context.auditReads.append(auditEntry(action, entity: entity, entityID: entityID, child: child))
    }

    /// A path parameter (read through a declared ``PathInput``); a missing one is a programming error surfaced as 400.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw Problem.malformed("缺少路径参数 \(name)", "missing path parameter \(name)") }
        return value
    }

    /// The JSON body as `T`; malformed JSON is 400, a missing or mistyped field 422 naming it, as is a string holding
    /// NUL; too large 413.
    public func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodySize)
        guard buffer.readableBytes > 0 else { throw Problem.malformed("请求体为空, 需要 JSON", "the body is empty; JSON expected") }
        let data = Data(buffer.readableBytesView)
        do {
            let value = try decoder.decode(T.self, from: data)
            if let field = NulCharacter.field(inJSON: data) { throw NulCharacter.problem(field: field) }
            return value
        } catch let error as DecodingError {
            throw ErrorMiddleware.decodingProblem(error)
        }
    }

    /// `value` as JSON with `status`, encoded by ``JSONBody`` (as its documented examples are).
    public func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        assert(
            declaredResponse.map { $0.mediaType == "application/json" && $0.description == ResponseDeclaration.schemaName(type(of: value)) }
                ?? true, "the endpoint answers \(type(of: value)), not the response it declared")
        let body = ByteBuffer(bytes: try JSONBody.bytes(value, language: language))
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
