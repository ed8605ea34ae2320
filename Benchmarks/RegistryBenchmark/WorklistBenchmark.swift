import Boot
import Contract
import Foundation
import Gateway
import Hummingbird
import Logging
import PostgresNIO
import Registry
import TestSupport

/// The overdue work list of a county (`GET /api/v1/registry/worklists/overdue?district=…`) through the real gateway over
/// real HTTP as a signed-in county manager (session, permission, scope, row-level security), one request at a time,
/// against a bare route that runs the same two statements as the owner with no auth and no row-level security.
///
/// Data: `children` files opened by `tonghu registry import`, then `visitsPerChild` monthly visits each generated in
/// SQL, the last one 0 to 39 days ago, so about a quarter of the county is overdue.
struct WorklistBenchmark {
    let children: Int
    let visitsPerChild: Int
    /// Neighbouring counties of `children` files each in the same database, as in a province's deployment (files only,
    /// written in SQL, due dates spread as the county's).
    let otherCounties: Int
    let seconds: Int
    let cli: TonghuCLI
    let directory: URL

    func run() async throws {
        let csv = directory.appendingPathComponent("worklist-\(children).csv")
        try ChildrenCSV.write(count: children, to: csv)
        let imported = try cli.importFile(csv)
        let generation = try cli.psql(
            """
            INSERT INTO registry.visits (child_id, visited_on, visitor, visitor_role, mode, colour_after, next_due)
            SELECT f.child_id, v.visited_on, 'director-' || f.residence_district % 1000, 'registry.director', 'home', 'blue', v.visited_on + 30
            FROM registry.files f,
                 LATERAL (SELECT current_date - abs(hashtext(f.child_id::text)) % 40 - 30 * k AS visited_on FROM generate_series(0, \(visitsPerChild - 1)) k) v;
            UPDATE registry.files f SET last_visit_on = v.last, next_visit_due = v.last + 30
            FROM (SELECT child_id, max(visited_on) AS last FROM registry.visits GROUP BY child_id) v WHERE v.child_id = f.child_id;
            """, "VACUUM ANALYZE")
        print(
            "Overdue work list of a county — \(imported.summary) (import \(String(format: "%.1f", imported.seconds)) s), "
                + "\(children * visitsPerChild) visits generated in \(String(format: "%.1f", generation)) s")
        if otherCounties > 0 {
            let seconds = try cli.psql(neighbours, "VACUUM ANALYZE")
            print(
                "  and \(otherCounties) neighbouring counties of \(children) files each, generated in \(String(format: "%.1f", seconds)) s")
        }

        let logger = {
            var logger = Logger(label: "bench")
            logger.logLevel = .critical
            return logger
        }()
        let platform = Platform(
            database: Database(configuration: cli.gatewayRole, logger: logger), owner: Database(configuration: cli.owner, logger: logger),
            keyring: KeyringSource(try Keyring.load(from: cli.keyring), file: cli.keyring), programmes: [RegistryProgramme()],
            logger: logger)
        let owner = platform.owner!
        let ready = AsyncStream<Int>.makeStream()
        let app = Gateway(platform: platform).application(
            host: "127.0.0.1", port: 0, logger: logger,
            configure: { router in
                router.get("/bench/bare/overdue") { _, _ -> Response in
                    let body = try await Self.bareOverdue(owner)
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
                }
            }, onServerRunning: { ready.continuation.yield($0) })

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var ports = ready.stream.makeAsyncIterator()
            let base = "http://127.0.0.1:\(await ports.next()!)"
            let users = Users(database: owner, policy: .fast, roles: platform.context.roles)
            try await users.add("manager", displayName: "县级管理员", password: "benchmark-password")
            try await users.grant("manager", role: "registry.manager", district: BenchCounty.county)
            let token = try await Sessions(
                database: platform.database, policy: .fast, keyring: platform.keyring, settings: platform.context.policy
            ).login(username: "manager", password: "benchmark-password").token

            let full = base + "/api/v1/registry/worklists/overdue?district=\(BenchCounty.county)"
            _ = try Latency.measure(full, token: token, seconds: 2, directory: directory)
            let api = try Latency.measure(full, token: token, seconds: seconds, directory: directory)
            let bare = try Latency.measure(base + "/bench/bare/overdue", token: nil, seconds: seconds, directory: directory)
            print(
                String(
                    format: "  API as a county manager: p50 %6.2f ms, p95 %6.2f ms over %d requests (target p95 < 20 ms)", api.p50, api.p95,
                    api.requests))
            print(
                String(format: "  bare route (same SQL):   p50 %6.2f ms, p95 %6.2f ms over %d requests", bare.p50, bare.p95, bare.requests))
            print(String(format: "  ratio p95 API/bare:      %6.2f", api.p95 / bare.p95))

            try await users.add("director", displayName: "儿童主任", password: "benchmark-password")
            try await users.grant("director", role: "registry.director", district: PageBenchmark.village)
            let director = try await Sessions(
                database: platform.database, policy: .fast, keyring: platform.keyring, settings: platform.context.policy
            ).login(username: "director", password: "benchmark-password").token
            try PageBenchmark(seconds: seconds, directory: directory).run(base: base, manager: token, director: director)
            group.cancelAll()
        }
    }

    /// `otherCounties` counties beside `BenchCounty` (320413…), 20 townships of 30 villages each, `children` files each.
    var neighbours: String {
        """
        INSERT INTO core.districts (code, name, level, parent)
        SELECT 320400000000 + c * 1000000, '邻县' || c, 3, 320400000000 FROM generate_series(13, \(12 + otherCounties)) c;
        INSERT INTO core.districts (code, name, level, parent)
        SELECT 320400000000 + c * 1000000 + t * 1000, '镇' || t, 4, 320400000000 + c * 1000000 FROM generate_series(13, \(12 + otherCounties)) c, generate_series(100, 119) t;
        INSERT INTO core.districts (code, name, level, parent)
        SELECT 320400000000 + c * 1000000 + t * 1000 + v, v || '村', 5, 320400000000 + c * 1000000 + t * 1000
        FROM generate_series(13, \(12 + otherCounties)) c, generate_series(100, 119) t, generate_series(201, 230) v;
        WITH placed AS (
            SELECT n, 320400000000 + (13 + n / \(children)) * 1000000 + (100 + n % 20) * 1000 + 201 + n / 20 % 30 AS village
            FROM generate_series(0, \(otherCounties * children - 1)) n
        ), registered AS (
            INSERT INTO core.children (id_number_cipher, id_number_key, id_number_index, id_number_masked, name, sex, birth_date, residence_district, hukou_district)
            SELECT sha256(int8send(n)), 'bench', sha256(int8send(-1 - n)), '320413********0000', '邻县儿童' || n, 'F', DATE '2014-01-01' + n % 3000, village, village
            FROM placed RETURNING id, residence_district, birth_date, name
        )
        INSERT INTO registry.files (child_id, residence_district, hukou_district, responsible_district, birth_date, name, risk_colour, next_visit_due)
        SELECT id, residence_district, residence_district, residence_district, birth_date, name, 'blue', current_date - 9 + abs(hashtext(id::text)) % 40
        FROM registered;
        """
    }

    /// The work list's two statements (counts per township, the 200 most urgent) as the owner: no scope, no RLS.
    static func bareOverdue(_ owner: Database) async throws -> String {
        let (low, high, county) = (
            BenchCounty.county.subtree.lowerBound, BenchCounty.county.subtree.upperBound, BenchCounty.county.value / 1_000_000
        )
        let today = WallClock.system.today().description
        return try await owner.withConnection { connection in
            let counts = try await connection.query(
                """
                SELECT residence_district / 1000 * 1000 AS below, count(*) FROM registry.files
                WHERE residence_county = \(county) AND residence_district BETWEEN \(low) AND \(high) AND next_visit_due < \(today)::date
                GROUP BY below ORDER BY below
                """, logger: owner.logger
            ).decode((Int64, Int).self).collect()
            let rows = try await connection.query(
                """
                SELECT f.child_id, f.name, c.id_number_masked, f.next_visit_due::text,
                       COALESCE((SELECT array_agg(k.category ORDER BY k.category) FROM registry.categories k WHERE k.child_id = f.child_id AND k.ends IS NULL), '{}')
                FROM registry.files f JOIN core.children c ON c.id = f.child_id
                WHERE f.residence_county = \(county) AND f.residence_district BETWEEN \(low) AND \(high) AND f.next_visit_due < \(today)::date
                ORDER BY f.next_visit_due, f.child_id LIMIT 200
                """, logger: owner.logger
            ).decode((UUID, String, String, String, [String]).self).collect()
            let children = rows.map {
                #"{"id":"\#($0.0)","name":"\#($0.1)","idNumberMasked":"\#($0.2)","nextVisitDue":"\#($0.3)","categories":\#($0.4)}"#
            }
            return
                #"{"total":\#(counts.reduce(0) { $0 + $1.1 }),"byDistrict":\#(counts.map { [$0.0, Int64($0.1)] }),"children":[\#(children.joined(separator: ","))]}"#
        }
    }
}
