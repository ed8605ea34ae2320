import Boot
import Contract
import Hummingbird
import Logging
import Prometheus
import Synchronization

/// `GET /metrics` — Prometheus's text format, behind a bearer token of its own (`TONGHU_METRICS_TOKEN`, not a
/// session): unset, the route answers 404; a missing or wrong token is 401. Besides Hummingbird's request metrics
/// (`hb_requests`, `http_server_request_duration`, each with the status answered), the pools' (`PoolMeters`) and the
/// imports' rows (`Call.countImportRows`), each scrape reads what stands now: `tonghu_event_backlog{subscriber,topic}`
/// (undelivered events), `tonghu_event_dead_letters{subscriber}` and `tonghu_audit_buffer_depth`. While the database
/// cannot be read within ``readDeadline`` the two event series are left out (absent, not stale) and the rest is served.
final class MetricsEndpoint: Sendable {
    static let path = "/metrics"
    /// How long a scrape waits for the event counts.
    static let readDeadline = Duration.seconds(2)

    let registry: PrometheusCollectorRegistry
    private let token: String?
    private let platform: Platform
    /// The event series of the last scrape, by name and labels: those no longer read are unregistered.
    private let shown = Mutex<[String: Gauge]>([:])

    init(registry: PrometheusCollectorRegistry, token: String?, platform: Platform) {
        self.registry = registry
        self.token = token
        self.platform = platform
    }

    var endpoint: Endpoint {
        Endpoint(
            .get, Self.path,
            summary: .init(
                zh: "Prometheus 指标: 以 TONGHU_METRICS_TOKEN 为 Bearer 令牌读取 (未设置则 404)",
                en: "Prometheus metrics: send TONGHU_METRICS_TOKEN as the bearer token (404 while it is unset)"),
            access: .open, response: .media("text/plain", "Prometheus 文本格式")
        ) { [self] request, call in
            try authorise(request.headers[.authorization])
            await refresh(logger: call.context.logger)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    /// 404 without a configured token, 401 unless `authorization` is `Bearer <token>` (compared in constant time).
    func authorise(_ authorization: String?) throws {
        guard let token else {
            throw Problem(
                kind: "not-found", status: 404, title: .init(zh: "未找到", en: "Not found"),
                detail: .init(
                    zh: "指标接口未启用: 设置 TONGHU_METRICS_TOKEN 后以 Authorization: Bearer 令牌读取",
                    en: "metrics are off: set TONGHU_METRICS_TOKEN and send it as Authorization: Bearer"))
        }
        let given = authorization.flatMap { $0.lowercased().hasPrefix("bearer ") ? Array($0.dropFirst(7).utf8) : nil } ?? []
        let expected = Array(token.utf8)
        guard given.count == expected.count, zip(given, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw Problem(
                kind: "unauthenticated", status: 401, title: .init(zh: "未登录", en: "Not authenticated"),
                detail: .init(
                    zh: "读取指标需要 Authorization: Bearer 指标令牌 (TONGHU_METRICS_TOKEN)",
                    en: "metrics need Authorization: Bearer with the metrics token (TONGHU_METRICS_TOKEN)"))
        }
    }

    /// Sets the gauges read at each scrape.
    func refresh(logger: Logger) async {
        gauge("tonghu_audit_buffer_depth", [], help: "Audit entries waiting to be written")
            .set(Double(platform.context.auditReads.depth))
        let backlog: EventBacklog
        do {
            let database = platform.database
            backlog = try await LostConnection.abandoning(within: Self.readDeadline) {
                try await EventBacklog.read(database, leaseWait: .milliseconds(250))
            }
        } catch {
            logger.warning("metrics: event backlog not read", metadata: ["error": "\(String(reflecting: error))"])
            show([:])
            return
        }
        var current: [String: (Gauge, Int)] = [:]
        for subscription in backlog.subscriptions {
            let labels = [("subscriber", subscription.subscriber), ("topic", subscription.topic)]
            current[key("tonghu_event_backlog", labels)] = (
                gauge("tonghu_event_backlog", labels, help: "Events published and not yet delivered to the subscription"),
                subscription.undelivered
            )
        }
        for (subscriber, count) in backlog.deadLetters {
            let labels = [("subscriber", subscriber)]
            current[key("tonghu_event_dead_letters", labels)] = (
                gauge("tonghu_event_dead_letters", labels, help: "Events given up on after their last attempt"), count
            )
        }
        for (gauge, value) in current.values { gauge.set(Double(value)) }
        show(current.mapValues(\.0))
    }

    /// Keeps `current` registered and unregisters the event series shown before and not now.
    private func show(_ current: [String: Gauge]) {
        let gone = shown.withLock { shown in
            defer { shown = current }
            return shown.filter { current[$0.key] == nil }.map(\.value)
        }
        for gauge in gone { registry.unregisterGauge(gauge) }
    }

    private func gauge(_ name: String, _ labels: [(String, String)], help: String) -> Gauge {
        let descriptor = MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        return labels.isEmpty ? registry.makeGauge(descriptor: descriptor) : registry.makeGauge(descriptor: descriptor, labels: labels)
    }

    private func key(_ name: String, _ labels: [(String, String)]) -> String {
        ([name] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: "\u{1}")
    }
}
