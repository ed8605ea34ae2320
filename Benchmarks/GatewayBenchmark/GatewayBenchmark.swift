import Boot
import Contract
import Foundation
import Gateway
import Hummingbird
import Logging
import Metrics
import PostgresNIO
import Prometheus
import TestSupport

/// `tonghu-bench`: requests per second for fetching one child through the full path (token, permission, scope,
/// row-level security, audit) against a bare route doing the same single-row SELECT with no auth or audit —
/// both served by one gateway on one throwaway embedded cluster, measured by `wrk` in the same run — and the
/// gateway's own cost: `/healthz` through the full middleware stack against a plain Hummingbird `Router` with no
/// middleware in the same process answering the same JSON, and the child read against `pgbench -S -M prepared`
/// on the same cluster. The bare and plain routes exist only here, never in the product.
@main
struct GatewayBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments
        let connections = value(after: "--connections", in: arguments) ?? 64
        let seconds = value(after: "--seconds", in: arguments) ?? 10
        let logger = {
            var l = Logger(label: "bench")
            l.logLevel = .error
            return l
        }()

        // Metrics recorded as the gateway records them (Prometheus), so their cost is in every figure.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        var (ownerConfiguration, appConfiguration) = try await TestCluster.shared.database(programmes: [])
        // The production pool size for both routes (the test harness keeps its pools small).
        ownerConfiguration.poolSize = 20
        appConfiguration.poolSize = 20
        let platform = Platform(
            database: Database(configuration: appConfiguration, logger: logger),
            owner: Database(configuration: ownerConfiguration, logger: logger),
            keyring: KeyringSource(.generate(), file: nil), programmes: [], logger: logger)
        let gateway = Gateway(platform: platform, metrics: registry)
        let owner = platform.owner!
        let ready = AsyncStream<Int>.makeStream()
        let app = gateway.application(
            host: "127.0.0.1", port: 0, logger: logger,
            configure: { router in
                router.get("/bench/bare/:id") { _, context -> Response in
                    let id = try context.parameters.require("id", as: UUID.self)
                    let rows = try await owner.client.query("SELECT id, name, birth_date::text FROM core.children WHERE id = \(id)")
                    guard let (child, name, birth) = try await rows.decode((UUID, String, String).self).first(where: { _ in true }) else {
                        return Response(status: .notFound)
                    }
                    let json = #"{"id":"\#(child.uuidString.lowercased())","name":"\#(name)","birthDate":"\#(birth)"}"#
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
                }
            }, onServerRunning: { port in ready.continuation.yield(port) })

        let plainReady = AsyncStream<Int>.makeStream()
        let plain = Application(
            router: plainRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in plainReady.continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            group.addTask { try await plain.runService() }
            var ports = ready.stream.makeAsyncIterator()
            let port = await ports.next()!
            var plainPorts = plainReady.stream.makeAsyncIterator()
            let plainPort = await plainPorts.next()!
            let (token, child) = try await seed(platform)
            let base = "http://127.0.0.1:\(port)"
            print("tonghu-bench: \(connections) connections, \(seconds) s per route, one child fetched by id")
            _ = try wrk(base + "/api/v1/children/\(child)", token: token, connections: connections, seconds: 2)
            let full = try wrk(base + "/api/v1/children/\(child)", token: token, connections: connections, seconds: seconds)
            let bare = try wrk(base + "/bench/bare/\(child)", token: nil, connections: connections, seconds: seconds)
            let health = try wrk(base + "/healthz", token: nil, connections: connections, seconds: seconds)
            let plainRate = try wrk("http://127.0.0.1:\(plainPort)/plain", token: nil, connections: connections, seconds: seconds)
            let selects = try pgbench(ownerConfiguration, clients: connections, seconds: seconds)
            print(String(format: "full path (auth, scope, RLS, audit): %8.0f req/s", full))
            print(String(format: "bare route (one SELECT):             %8.0f req/s", bare))
            print(String(format: "/healthz (full middleware stack):    %8.0f req/s", health))
            print(String(format: "plain Router, no middleware:         %8.0f req/s", plainRate))
            print(String(format: "pgbench -S -M prepared -c %-3d:       %8.0f tps", connections, selects))
            print(String(format: "ratio full/bare:                     %8.2f  (target ≥ 0.60)", full / bare))
            print(String(format: "ratio /healthz / plain:              %8.2f  (target ≥ 0.50)", health / plainRate))
            print(String(format: "ratio full / pgbench:                %8.2f  (target ≥ 0.25)", full / selects))
            group.cancelAll()
        }
    }

    /// A Hummingbird router with no middleware answering `/plain` with the JSON `/healthz` answers.
    static func plainRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/plain") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        return router
    }

    /// Transactions per second of `pgbench -S -M prepared` (select-only, prepared statements) with `clients`
    /// connections against a database of its own (scale 1) in the same cluster as the gateway's.
    static func pgbench(_ server: DatabaseConfiguration, clients: Int, seconds: Int) throws -> Double {
        let name = "pgbench_\(server.database)"
        let connection = ["-h", server.host, "-p", "\(server.port)", "-U", server.username]
        _ = try run("/usr/lib/postgresql/15/bin/createdb", connection + [name], password: server.password)
        _ = try run("/usr/lib/postgresql/15/bin/pgbench", connection + ["-i", "-q", "-s", "1", name], password: server.password)
        // A count of transactions per client, not `-T`: pgbench ends `-T` on SIGALRM, which this process blocks and
        // its children inherit blocked. 250 per client and second is about as long as `seconds` on two cores.
        let output = try run(
            "/usr/lib/postgresql/15/bin/pgbench",
            connection + ["-S", "-M", "prepared", "-c", "\(clients)", "-j", "2", "-t", "\(seconds * 250)", name],
            password: server.password)
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst("tps = ".count).prefix(while: { $0 != " " }))
        else {
            throw TestFailure("pgbench printed no tps:\n\(output)")
        }
        return tps
    }

    /// Runs `executable` and returns what it printed; a non-zero exit fails the benchmark.
    static func run(_ executable: String, _ arguments: [String], password: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password ?? ""]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("\(executable) failed:\n\(output)") }
        return output
    }

    /// A county, an administrator with a token, one child.
    static func seed(_ platform: Platform) async throws -> (token: String, child: UUID) {
        let owner = platform.owner!
        let rows = [
            ("320000000000", "江苏省"), ("320400000000", "常州市"), ("320412000000", "武进区"), ("320412100000", "湖塘镇"), ("320412100201", "马杭村")
        ]
        _ = try await DistrictRepository(database: owner).importRows(
            rows.enumerated().map { ($0.offset + 1, DistrictCode($0.element.0)!, $0.element.1) })
        let users = Users(database: owner, policy: .fast, roles: platform.context.roles)
        try await users.add("bench", displayName: "bench", password: "measured-lantern-river")
        try await users.grant("bench", role: "core.registrar", district: DistrictCode("320412000000")!)
        let child = try await owner.transaction { connection in
            try await platform.context.children.register(
                try ChildRepository.validate(
                    NewChild(idNumber: "320412201505050015", name: "张三明", residenceDistrict: "320412100201", hukouDistrict: "320412100201"),
                    today: WallClock.system.today()),
                on: connection)
        }
        let issued = try await Sessions(
            database: platform.database, policy: .fast, keyring: platform.keyring, settings: platform.context.policy
        ).login(username: "bench", password: "measured-lantern-river")
        return (issued.token, child.id)
    }

    /// Runs wrk and returns its requests per second; a non-2xx answer fails the benchmark.
    static func wrk(_ url: String, token: String?, connections: Int, seconds: Int) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments =
            ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"] + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? []) + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard !output.contains("Non-2xx"), let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
            let value = Double(line.split(separator: " ").last!)
        else {
            throw TestFailure("wrk failed for \(url):\n\(output)")
        }
        return value
    }

    static func value(after flag: String, in arguments: [String]) -> Int? {
        arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    }
}
