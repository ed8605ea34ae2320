import Boot
import Console
import Contract
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// `tonghu-gateway`: the core's routes and every enabled programme's, each behind authentication, its
/// permission and district scope, documented in the OpenAPI document of exactly this deployment.
public struct Gateway: Sendable {
    public let platform: Platform
    public let sessions: Sessions
    let metrics: MetricsEndpoint
    /// 工作台 — the web console's pages under `/`.
    let console: Console

    /// `trustedProxies`: the reverse proxies whose `X-Forwarded-Proto: https` makes the console's cookies `Secure`;
    /// `metricsToken`: the bearer token `/metrics` asks for (`TONGHU_METRICS_TOKEN`; `nil`: `/metrics` is 404).
    public init(
        platform: Platform, accessPolicy: AccessPolicy = AccessPolicy(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), metricsToken: String? = nil, trustedProxies: Set<String> = []
    ) {
        self.platform = platform
        self.sessions = Sessions(
            database: platform.database, policy: accessPolicy, keyring: platform.keyring, settings: platform.context.policy)
        self.metrics = MetricsEndpoint(registry: metrics, token: metricsToken, platform: platform)
        self.console = Console(
            sessions: sessions, users: Users(database: platform.database, policy: accessPolicy, roles: platform.context.roles),
            context: platform.context, programmes: platform.programmes, trustedProxies: trustedProxies)
    }

    /// The programmes' endpoints by URL prefix: the core at `/api/v1`, each programme at `/api/v1/<id>`.
    var mounted: [(programme: String, prefix: String, endpoints: [Endpoint])] {
        [("core", "", operations), ("core", "/api/v1", CoreEndpoints(sessions: sessions).endpoints())]
            + platform.programmes.map { (type(of: $0).id, "/api/v1/\(type(of: $0).id)", $0.endpoints(platform.context)) }
            + console.mounts
    }

    /// The router with every mounted endpoint; `configure` may add routes (the benchmark's bare route).
    public func router(configure: (Router<GatewayContext>) -> Void = { _ in }) -> Router<GatewayContext> {
        let router = Router(context: GatewayContext.self)
        router.add(middleware: RequestMiddleware())
        // Metrics outside the error middleware: a refusal is counted with the status it was answered with (a 422 as
        // 422), not as the 500 Hummingbird assumes for a thrown error.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(sessions: sessions))
        router.add(middleware: console.middleware)
        let mounted = self.mounted
        let document = OpenAPIDocument(mounted: mounted, extraPaths: [:]).json()
        for (programme, prefix, endpoints) in mounted {
            for endpoint in endpoints {
                router.on(RouterPath(prefix + endpoint.routerPath), method: endpoint.method) { request, context in
                    try await dispatch(endpoint, programme: programme, request: request, context: context)
                }
            }
        }
        router.get("/openapi.json") { _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(document))))
        }
        var methods = Dictionary(
            grouping: mounted.flatMap { mount in mount.endpoints.map { (mount.prefix + $0.routerPath, $0.method) } }, by: \.0
        )
        .mapValues { Set($0.map(\.1)) }
        methods["/openapi.json"] = [.get]
        MethodNotAllowed.add(to: router, methods: methods)
        configure(router)
        return router
    }

    /// Refuses NUL in the query or path, checks the caller against the endpoint's access, then runs it with the
    /// caller's scope for its permission — a write with an `Idempotency-Key` once, in one transaction (IdempotentWrites).
    func dispatch(_ endpoint: Endpoint, programme: String, request: Request, context: GatewayContext) async throws -> Response {
        if let field = NulCharacter.field(in: request, parameters: context.parameters) { throw NulCharacter.problem(field: field) }
        var scope = DistrictScope.nowhere
        switch endpoint.access {
        case .open:
            break
        case .signedIn:
            guard context.principal != nil else { throw Problem.unauthenticated }
        case let .permission(permission):
            guard let principal = context.principal else { throw Problem.unauthenticated }
            scope = principal.scope(for: permission, in: platform.context.roles)
            guard !scope.isEmpty else { throw Problem.forbidden(permission.name) }
        }
        var call = Call(context: platform.context, principal: context.principal, scope: scope, programme: programme, gateway: context)
        call.queryParameters = request.uri.queryParameters
        call.declaredInputs = endpoint.inputKeys
        call.declaredResponse = endpoint.response
        var request = request
        if IdempotentWrites.methods.contains(endpoint.method), let key = try await IdempotentWrites.key(of: &request),
            let user = context.principal?.userID
        {
            // The body is read once, here: it is fingerprinted, and the handler reads it again from memory.
            _ = try await request.collectBody(upTo: IdempotentWrites.bodyLimit)
            let (keyed, running, writes) = (request, call, IdempotentWrites(database: platform.database))
            return try await LostConnection.abandoning {
                try await writes.run(key: key, user: user, request: keyed, context: context) { transaction in
                    var call = running
                    call.requestTransaction = transaction
                    return try await run(endpoint, request: keyed, call: call)
                }
            }
        }
        return try await run(endpoint, request: request, call: call)
    }

    /// Runs the handler; a refused registration of an already-registered child is audited.
    func run(_ endpoint: Endpoint, request: Request, call: Call) async throws -> Response {
        do {
            // A handler stuck on a connection the server closed answers 503 at once instead of hanging its client and
            // the drain; cancelled at the drain's end, it stops being waited for (see LostConnection).
            return try await LostConnection.abandoning { try await endpoint.handler(request, call) }
        } catch let duplicate as DuplicateChild {
            // The attempt is audited against the registered child, so the holder's auditors see who tried.
            call.context.auditReads.append(
                call.auditEntry(
                    "child.register", entity: "child", entityID: duplicate.child?.uuidString,
                    child: duplicate.child, outcome: "duplicate"))
            throw duplicate
        }
    }

    /// Health, readiness and metrics (behind its own token, see ``MetricsEndpoint``): outside `/api/v1`.
    var operations: [Endpoint] {
        [
            Endpoint(.get, "/healthz", summary: .init(zh: "进程存活", en: "Liveness"), access: .open, response: .json(HealthStatus.self)) {
                _, call in
                try call.json(HealthStatus(status: "ok"))
            },
            Endpoint(
                .get, "/readyz", summary: .init(zh: "数据库可达且迁移已是最新", en: "Database reachable and migrations current"), access: .open,
                response: .json(HealthStatus.self)
            ) { _, call in
                // Answers within its own short deadline, and 503 for any failure of the database: an orchestrator
                // must see "not ready", never a hang or a 500.
                let steps: [MigrationStep]
                do {
                    steps = try await Self.withinReadinessDeadline {
                        try await Migrator(database: platform.database).status(platform.migrationSets, leaseWait: Self.readinessWait)
                    }
                } catch let error where !(error is DatabaseUnavailable) {
                    call.context.logger.error("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
                    throw DatabaseUnavailable(detail: .init(zh: "数据库检查失败, 详见网关日志", en: "the database check failed; see the gateway's log"))
                }
                let pending = steps.filter { $0.state == .pending }
                guard pending.isEmpty else {
                    throw Problem(
                        kind: "not-ready", status: 503, title: .init(zh: "未就绪", en: "Not ready"),
                        detail: .init(
                            zh: "有 \(pending.count) 个迁移未执行: 请运行 tonghu db migrate",
                            en: "\(pending.count) migrations pending: run tonghu db migrate"))
                }
                return try call.json(HealthStatus(status: "ready"))
            },
            metrics.endpoint
        ]
    }

    /// The long-running parts besides the HTTP server, in start order: database pools, audit buffer, event
    /// dispatch, the enabled programmes' own services.
    public var services: [any Service] {
        var services: [any Service] = [platform.database]
        if let owner = platform.owner { services.append(owner) }
        var users: [any Service] = [platform.context.auditReads]
        let subscriptions = platform.subscriptions
        if !subscriptions.isEmpty { users.append(EventDispatcher(database: platform.database, subscriptions: subscriptions)) }
        users += platform.programmes.flatMap { $0.services(platform.context) }
        // The database's users may be stuck on a lost connection during an outage; the databases themselves never are.
        return services + users.map { DrainedService($0) }
    }

    /// How long `/readyz` waits for a connection before the database is probed (a dead server answers 503 at once).
    static let readinessWait = Duration.milliseconds(250)
    /// How long `/readyz` may take in all: past it the database counts as not ready (503), whatever it is doing.
    static let readinessDeadline = Duration.seconds(2)

    /// `check`'s answer, or ``DatabaseUnavailable`` once ``readinessDeadline`` has passed. The answer does not wait
    /// for the check to end (a task group would: a statement on a lost connection never ends, see ``LostConnection``).
    static func withinReadinessDeadline<T: Sendable>(_ check: @escaping @Sendable () async throws -> T) async throws -> T {
        try await LostConnection.abandoning(
            within: readinessDeadline,
            expired: DatabaseUnavailable(detail: .init(zh: "数据库在 2 秒内没有应答", en: "the database did not answer within 2 s")),
            check)
    }

    /// How long SIGTERM (or SIGINT) lets requests in flight finish before they are cancelled.
    public static let drainTimeout = Duration.seconds(20)

    /// Runs `application` until SIGTERM or SIGINT, then drains: no new connections, requests in flight get up to
    /// ``drainTimeout``, then everything still running is cancelled and the services stop in reverse order.
    public func serve(_ application: some ApplicationProtocol, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = Self.drainTimeout
        try await ServiceGroup(configuration: configuration).run()
    }

    /// The application, listening on `host:port` (port 0 picks a free one; `onServerRunning` reports it).
    public func application(
        host: String, port: Int, logger: Logger, configure: (Router<GatewayContext>) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(configure: configure),
            configuration: .init(address: .hostname(host, port: port), serverName: "tonghu"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
