import ArgumentParser
import Boot
import Catalogue
import Foundation
import Gateway
import Logging
import Metrics
import Prometheus
import Vocabulary

/// `tonghu-gateway`: serves the core and the enabled programmes. Configuration: see `Settings`
/// (`TONGHU_DATABASE_URL`, `TONGHU_DATA_DIR`, `TONGHU_PORT`, `TONGHU_PROGRAMMES`, …); flags override it.
@main
struct GatewayMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tonghu-gateway",
        abstract: "童护 HTTP 网关 (Tonghu gateway): 核心接口与已启用的业务模块", version: Release.version)

    @Option(help: "监听地址 (TONGHU_HOST, 默认 127.0.0.1)") var host: String?
    @Option(help: "端口 (TONGHU_PORT, 默认 8080)") var port: Int?
    @Option(help: "数据库地址 (TONGHU_DATABASE_URL); 省略则使用内置数据库") var databaseURL: String?
    @Option(help: "内置数据库与密钥目录 (TONGHU_DATA_DIR, 默认 .tonghu)") var dataDir: String?
    @Option(help: "启用的业务模块, 逗号分隔 (TONGHU_PROGRAMMES, 默认全部)") var programmes: String?
    @Option(name: .customLong("as-of"), help: "按指定日期 yyyy-MM-dd 作为今天运行 (TONGHU_TODAY); 省略则为真实日期") var asOf: String?

    func run() async throws {
        var settings = Settings()
        if let host { settings.host = host }
        if let port { settings.port = port }
        if let databaseURL { settings.databaseURL = databaseURL }
        if let dataDir { settings.dataDirectory = URL(fileURLWithPath: dataDir, isDirectory: true).standardizedFileURL }
        if let programmes { settings.programmes = programmes.split(separator: ",").map(String.init) }
        if let asOf { settings.today = asOf }

        let json = settings.jsonLogs
        LoggingSystem.bootstrap { label -> any LogHandler in
            json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
        }
        var logger = Logger(label: "tonghu")
        logger.logLevel = .info
        // Before the boot: the database pools take their meters from the metrics system when they are made.
        let registry = PrometheusCollectorRegistry()
        var metrics = PrometheusMetricsFactory(registry: registry)
        // A lease usually waits well under a millisecond; the default buckets start at 5 ms.
        metrics.durationHistogramBuckets["tonghu_db_lease_acquire_seconds"] = [
            .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
            .milliseconds(250), .seconds(1), .seconds(5)
        ]
        MetricsSystem.bootstrap(metrics)

        let booted: Bootstrap.Booted
        do {
            booted = try await Bootstrap(settings: settings, catalogue: Catalogue.programmes, logger: logger).boot()
        } catch {
            FileHandle.standardError.write(Data("tonghu-gateway: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let gateway = Gateway(
            platform: booted.platform, metrics: registry, metricsToken: settings.metricsToken?.value,
            trustedProxies: settings.trustedProxies)
        let enabled = booted.platform.programmes.map { type(of: $0).id }
        let (host, startLogger) = (settings.host, logger)
        let app = gateway.application(
            host: settings.host, port: settings.port, logger: logger,
            onServerRunning: { port in
                startLogger.info("tonghu-gateway listening", metadata: ["url": "http://\(host):\(port)", "programmes": "\(enabled)"])
            })
        do {
            try await gateway.serve(app, logger: logger)
        } catch {
            await booted.shutdown()
            throw error
        }
        await booted.shutdown()
    }
}
