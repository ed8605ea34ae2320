import Catalogue
import Contract
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Prometheus
import TestSupport
import Testing

/// `/metrics` behind its token, and each operations metric moving when its cause happens.
@Suite("指标 operations metrics")
struct MetricsTests {
    static let token = "scrape-0123456789abcdef"
    static let registry = Catalogue.programmes.filter { $0.id == "registry" }.map { $0.init() }

    struct Payload: Codable, Sendable { let n: Int }
    static let counted = EventTopic<Payload>("demo.metric.counted")

    /// The value of the series `name` whose labels include `labels` (`nil` when there is none).
    static func value(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let series = line.split(separator: " ").first.map(String.init) ?? ""
            guard series == name || series.hasPrefix(name + "{") else { continue }
            guard labels.allSatisfy({ series.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    /// A gateway of `test`'s platform whose `/metrics` takes ``token`` and shows `registry`.
    static func scraping<T: Sendable>(
        _ test: TestPlatform, _ registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let gateway = Gateway(platform: test.platform, accessPolicy: .fast, metrics: registry, metricsToken: token)
        return try await Application(router: gateway.router(), logger: test.logger).test(.router) { try await body($0) }
    }

    static func scrape(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.call(.get, "/metrics", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return response.text
    }

    @Test("/metrics is 404 while no token is configured, 401 without the token or with another, 200 with it")
    func token() async throws {
        try await TestPlatform.with { test in
            try await test.withClient { client in
                let off = try await client.call(.get, "/metrics", token: Self.token)
                #expect(off.status == .notFound)
                #expect((off.body["detail"] as? String)?.contains("TONGHU_METRICS_TOKEN") == true, "\(off.text)")
            }
            try await Self.scraping(test) { client in
                #expect(try await client.call(.get, "/metrics").status == .unauthorized)
                #expect(try await client.call(.get, "/metrics", token: "scrape-0123456789abcdeX").status == .unauthorized)
                #expect(try await client.call(.get, "/metrics", token: String(Self.token.dropLast())).status == .unauthorized)
                let basic = try await client.call(.get, "/metrics", headers: [.authorization: "Basic \(Self.token)"])
                #expect(basic.status == .unauthorized)
                #expect(basic.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let answer = try await client.call(.get, "/metrics", token: Self.token)
                #expect(answer.status == .ok)
                #expect(answer.headers[.contentType]?.hasPrefix("text/plain") == true)
            }
        }
    }

    @Test("a held connection is in use, a lease waiting for it is waiting, and each grant's wait is in the histogram")
    func pool() async throws {
        try await TestPlatform.with { test in
            let registry = PrometheusCollectorRegistry()
            var configuration = test.platform.database.configuration
            configuration.poolSize = 1
            let database = Database(
                configuration: configuration, logger: test.logger, metrics: PrometheusMetricsFactory(registry: registry))
            let pool = ["pool": configuration.username]
            func gauge(_ name: String) -> Double? { Self.value(registry.emitToString(), name, pool) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.run() }
                defer { group.cancelAll() }
                await database.started()
                #expect(gauge("tonghu_db_connections_in_use") == 0)
                let (released, release) = AsyncStream<Void>.makeStream()
                let held = Task { try await database.withConnection { _ in for await _ in released {} } }
                for _ in 0..<100 where gauge("tonghu_db_connections_in_use") != 1 { try await Task.sleep(for: .milliseconds(20)) }
                #expect(gauge("tonghu_db_connections_in_use") == 1)
                #expect(gauge("tonghu_db_lease_waiting") == 0)
                let waiting = Task { try await database.withConnection { _ in } }
                for _ in 0..<100 where gauge("tonghu_db_lease_waiting") != 1 { try await Task.sleep(for: .milliseconds(20)) }
                #expect(gauge("tonghu_db_lease_waiting") == 1)
                #expect(gauge("tonghu_db_connections_in_use") == 1)
                try await Task.sleep(for: .milliseconds(50))
                release.finish()
                try await held.value
                try await waiting.value
                #expect(gauge("tonghu_db_connections_in_use") == 0)
                #expect(gauge("tonghu_db_lease_waiting") == 0)
                #expect(gauge("tonghu_db_lease_acquire_seconds_count") == 2)
                // The second lease waited at least the 50 ms the first held on after it asked.
                #expect((gauge("tonghu_db_lease_acquire_seconds_sum") ?? 0) >= 0.05, "\(registry.emitToString())")
            }
        }
    }

    @Test("an outbox row raises its subscription's backlog, a dead letter the subscriber's gauge, delivery lowers the backlog")
    func events() async throws {
        try await TestPlatform.with { test in
            let subscription = EventSubscription(subscriber: "metrics-demo", topic: Self.counted) { payload, _ in
                if payload.n == 1 { throw TestFailure("cannot count 1") }
            }
            let dispatcher = EventDispatcher(database: test.platform.database, subscriptions: [subscription], maximumAttempts: 1)
            @Sendable func publish(_ n: Int) async throws {
                try await test.platform.database.transaction(settings: [("tonghu.scope", DistrictScope.everywhere.multirange)]) {
                    try await test.platform.context.events.publish(Self.counted, Payload(n: n), district: TestPlatform.villageA, on: $0)
                }
            }
            let labels = ["subscriber": "metrics-demo", "topic": "demo.metric.counted"]
            try await Self.scraping(test) { client in
                #expect(Self.value(try await Self.scrape(client), "tonghu_event_backlog", labels) == nil)
                try await dispatcher.drain()
                var text = try await Self.scrape(client)
                #expect(Self.value(text, "tonghu_event_backlog", labels) == 0, "\(text)")
                #expect(Self.value(text, "tonghu_event_dead_letters", ["subscriber": "metrics-demo"]) == 0)
                try await publish(1)
                try await publish(2)
                text = try await Self.scrape(client)
                #expect(Self.value(text, "tonghu_event_backlog", labels) == 2, "\(text)")
                try await dispatcher.drain()
                text = try await Self.scrape(client)
                #expect(Self.value(text, "tonghu_event_backlog", labels) == 1, "\(text)")
                #expect(Self.value(text, "tonghu_event_dead_letters", ["subscriber": "metrics-demo"]) == 1, "\(text)")
                try await dispatcher.drain()
                text = try await Self.scrape(client)
                #expect(Self.value(text, "tonghu_event_backlog", labels) == 0, "\(text)")
                #expect(Self.value(text, "tonghu_event_dead_letters", ["subscriber": "metrics-demo"]) == 1)
            }
        }
    }

    @Test("a refused sign-in waits in the audit buffer until it is flushed")
    func auditBuffer() async throws {
        try await TestPlatform.with { test in
            try await test.user("wujin", role: "core.auditor", district: TestPlatform.county)
            try await Self.scraping(test) { client in
                #expect(Self.value(try await Self.scrape(client), "tonghu_audit_buffer_depth") == 0)
                let refused = try await client.call(.post, "/api/v1/auth/login", json: ["username": "wujin", "password": "wrong-password"])
                #expect(refused.status == .unauthorized)
                #expect(Self.value(try await Self.scrape(client), "tonghu_audit_buffer_depth") == 1)
                try await test.platform.context.auditReads.flush()
                #expect(Self.value(try await Self.scrape(client), "tonghu_audit_buffer_depth") == 0)
            }
        }
    }

    @Test("an upload counts its accepted and refused rows under the programme")
    func importRows() async throws {
        let metrics = PrometheusCollectorRegistry()
        try await TestPlatform.with(programmes: Self.registry, metrics: metrics) { test in
            try await test.user("wujin", role: "registry.manager", district: TestPlatform.county)
            let csv =
                "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
                + "320412201505050015,张三明,320412100201,320412100201,农村,外出务工,2024-03-01,,\n"
                + "320412201505050023,王五,320412100201,320412100201,农民,,,,\n"
                + "320412201505050031,李四,320412100201,320412100201,农村,,,,\n"
            try await Self.scraping(test, metrics) { client in
                let manager = try await client.login("wujin")
                let first = try await client.call(.post, "/api/v1/registry/imports", token: manager, raw: csv)
                #expect(first.status == .unprocessableContent, "\(first.text)")
                var text = try await Self.scrape(client)
                let accepted = ["programme": "registry", "outcome": "accepted"]
                let refused = ["programme": "registry", "outcome": "refused"]
                #expect(Self.value(text, "tonghu_import_rows_total", accepted) == 2, "\(text)")
                #expect(Self.value(text, "tonghu_import_rows_total", refused) == 1)
                // Again: the two files are open already and counted as accepted, not opened twice.
                _ = try await client.call(.post, "/api/v1/registry/imports", token: manager, raw: csv)
                text = try await Self.scrape(client)
                #expect(Self.value(text, "tonghu_import_rows_total", accepted) == 4, "\(text)")
                #expect(Self.value(text, "tonghu_import_rows_total", refused) == 2)
            }
        }
    }
}
