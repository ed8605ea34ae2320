import Boot
import Contract
import DropoutControl
import EmbeddedPostgres
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import TestSupport

/// `tonghu-dropout-bench`: the two figures issue 4 asks for, each against its baseline in the same run on one
/// throwaway embedded cluster:
/// - import of `--enrolments` rows (default 5,000,000) with `tonghu dropout-control import-enrolment`'s code vs
///   `psql \copy` of the same file into a table with the same indexes (target ≤ 2.0×);
/// - the comparison of `--children` watched children (default 1,000,000) against that snapshot, through the real
///   router and `POST /comparisons`, vs a hand-written anti-join over the same tables (target ≤ 1.5×).
/// `--explain` also prints both plans (EXPLAIN ANALYZE) after the rounds.
@main
struct DropoutBenchmark {
    static let county = DistrictCode("320412000000")!
    static let term = Term("2026-autumn")!

    static func main() async throws {
        let arguments = CommandLine.arguments
        let enrolments = value(after: "--enrolments", in: arguments) ?? 5_000_000
        let children = value(after: "--children", in: arguments) ?? 1_000_000
        let rounds = value(after: "--rounds", in: arguments) ?? 3
        let logger = {
            var l = Logger(label: "bench")
            l.logLevel = .error
            return l
        }()
        let programme = DropoutControlProgramme()
        let (ownerConfiguration, appConfiguration) = try await TestCluster.shared.database(programmes: [programme])
        let keyring = Keyring.generate()
        let platform = Platform(
            database: Database(configuration: appConfiguration, logger: logger),
            owner: Database(configuration: ownerConfiguration, logger: logger),
            keyring: KeyringSource(keyring, file: nil), programmes: [programme], logger: logger)
        try await platform.withRunningClients { @Sendable in
            try await run(
                platform, ownerConfiguration: ownerConfiguration, keyring: keyring, enrolments: enrolments, children: children,
                rounds: rounds, logger: logger)
        }
    }

    static func run(
        _ platform: Platform, ownerConfiguration: DatabaseConfiguration, keyring: Keyring, enrolments: Int, children: Int, rounds: Int,
        logger: Logger
    ) async throws {
        do {
            let owner = platform.owner!
            let villages = try await seedDistricts(owner)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("enrolments-\(UUID().uuidString.prefix(8)).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            var clock = ContinuousClock.now
            try writeEnrolments(count: enrolments, villages: villages, to: file)
            print(
                "tonghu-dropout-bench: \(enrolments) enrolment rows (\(megabytes(file)) MB CSV, written in \(seconds(since: clock)) s), \(children) watched children"
            )

            // 1. Import vs psql \copy into a table with the same indexes.
            try await owner.withConnection { connection in
                try await connection.run(
                    script: """
                        CREATE TABLE public.copy_baseline (id_number text NOT NULL, name text NOT NULL, school text NOT NULL, school_district bigint NOT NULL,
                                                           grade text NOT NULL, status text NOT NULL);
                        CREATE INDEX ON public.copy_baseline (id_number);
                        CREATE INDEX ON public.copy_baseline (school_district);
                        """, logger: logger)
            }
            clock = .now
            try psql(ownerConfiguration, "\\copy public.copy_baseline FROM '\(file.path)' WITH (FORMAT csv, HEADER true)")
            let copySeconds = seconds(since: clock)
            clock = .now
            let outcome = try await EnrolmentImport(platform: platform, actor: "bench").run(file, term: term)
            let importSeconds = seconds(since: clock)
            guard outcome.loaded == enrolments, outcome.rejected.isEmpty else {
                throw TestFailure("import loaded \(outcome.loaded), rejected \(outcome.rejected.count)")
            }
            print(
                String(format: "import-enrolment:               %8.2f s  (%.0f rows/s)", importSeconds, Double(enrolments) / importSeconds))
            print(String(format: "psql \\copy, same indexes:       %8.2f s", copySeconds))
            print(String(format: "ratio import/copy:              %8.2f   (target ≤ 2.0)", importSeconds / copySeconds))

            // 2. Comparison through the router vs the bare anti-join.
            try await seedWatch(count: children, enrolled: enrolments, villages: villages, keyring: keyring, owner: owner)
            try await owner.withConnection { try await $0.run("ANALYZE", logger: logger) }
            let users = Users(database: owner, policy: .fast, roles: platform.context.roles)
            try await users.add("officer", displayName: "officer", password: "benchmark-password")
            try await users.grant("officer", role: "dropout-control.officer", district: county)
            let app = Application(router: Gateway(platform: platform, accessPolicy: .fast).router(), logger: logger)
            let window = SchoolAgeRule.national.birthWindow(for: term)
            let range = county.subtree
            try await app.test(.router) { client in
                let token = try await client.login("officer", "benchmark-password")
                var full: [Double] = []
                var bare: [Double] = []
                var counts: (Int, Int) = (0, 0)
                for _ in 0..<rounds {
                    var clock = ContinuousClock.now
                    let response = try await client.call(
                        .post, "/api/v1/dropout-control/comparisons", token: token,
                        json: ["district": county.description, "term": term.description])
                    full.append(seconds(since: clock))
                    guard response.status == .created else { throw TestFailure("comparison failed: \(response.text)") }
                    counts.0 = (response.body["ledgers"] as? [String: Any])?["out-of-school"] as? Int ?? -1
                    clock = .now
                    counts.1 = try await owner.withConnection { connection in
                        try await connection.query(
                            """
                            SELECT count(*)::int FROM dropout_control.watch w
                            WHERE w.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                              AND w.birth_date > \(window.bornAfter.description)::date AND w.birth_date <= \(window.bornBy.description)::date
                              AND NOT EXISTS (SELECT 1 FROM dropout_control.enrolments e WHERE e.snapshot = \(outcome.snapshot) AND e.id_index = w.id_index)
                            """, logger: logger
                        ).decode(Int.self).collect()[0]
                    }
                    bare.append(seconds(since: clock))
                }
                if CommandLine.arguments.contains("--explain") {
                    try await owner.transaction { connection in
                        try await connection.run(
                            "SELECT set_config('tonghu.scope', \(DistrictScope([county]).multirange), true)", logger: logger)
                        for sql in [
                            """
                            EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM dropout_control.out_of_school_children(\(outcome.snapshot), \(range.lowerBound), \(range.upperBound), '\(window.bornAfter)', '\(window.bornBy)')
                            """,
                            """
                            EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*)::int FROM dropout_control.watch w
                            WHERE w.residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                              AND w.birth_date > '\(window.bornAfter)' AND w.birth_date <= '\(window.bornBy)'
                              AND NOT EXISTS (SELECT 1 FROM dropout_control.enrolments e WHERE e.snapshot = \(outcome.snapshot) AND e.id_index = w.id_index)
                            """
                        ] {
                            for try await line in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(
                                String.self)
                            { print(line) }
                        }
                    }
                }
                guard counts.0 == counts.1 else { throw TestFailure("the comparison found \(counts.0), the anti-join \(counts.1)") }
                let (f, b) = (median(full), median(bare))
                print("comparison: \(counts.0) age-eligible children without an enrolment record; median of \(rounds) rounds each")
                print(String(format: "POST /comparisons (router, auth, RLS, ledger rows): %8.3f s", f))
                print(String(format: "hand-written anti-join (count only):               %8.3f s", b))
                print(String(format: "ratio comparison/anti-join:                        %8.2f   (target ≤ 1.5)", f / b))
            }
        }
    }

    /// 江苏 → 常州 → 武进区, ten townships of ten villages each; returns the village codes.
    static func seedDistricts(_ owner: Database) async throws -> [DistrictCode] {
        var rows: [(String, String)] = [("320000000000", "江苏省"), ("320400000000", "常州市"), ("320412000000", "武进区")]
        var villages: [DistrictCode] = []
        for town in 0..<10 {
            let townCode = 320_412_100_000 + Int64(town) * 1_000
            rows.append((String(townCode), "镇\(town)"))
            for village in 1...10 {
                let code = townCode + 200 + Int64(village)
                rows.append((String(code), "村\(town)-\(village)"))
                villages.append(DistrictCode(value: code)!)
            }
        }
        _ = try await DistrictRepository(database: owner).importRows(
            rows.enumerated().map { ($0.offset + 1, DistrictCode($0.element.0)!, $0.element.1) })
        return villages
    }

    /// The `i`-th synthetic ID number: four area codes, birth dates over the nine school-age cohorts of 2026-autumn.
    static func idNumber(_ i: Int) -> String {
        let areas = ["320412", "320411", "320402", "320404"]
        let days = 3_288
        let birth = CalendarDate(year: 2011, month: 9, day: 1)!.adding(days: (i / areas.count) % days)
        let sequence = i / (areas.count * days)
        let body = areas[i % areas.count] + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence % 1_000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    static func writeEnrolments(count: Int, villages: [DistrictCode], to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        var buffer = Array("身份证号,姓名,学校,学校区划,年级,学籍状态\n".utf8)
        for i in 0..<count {
            let village = villages[i % villages.count]
            buffer += Array("\(idNumber(i)),学生\(i),第\(i % 300)小学,\(village),\(i % 9 + 1),在读\n".utf8)
            if buffer.count > 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        try handle.close()
    }

    /// `count` watched children: all but one in twenty are enrolled students, the rest have no enrolment record.
    static func seedWatch(count: Int, enrolled: Int, villages: [DistrictCode], keyring: Keyring, owner: Database) async throws {
        try await owner.transaction { connection in
            try await connection.copy(
                into: "dropout_control", "watch",
                columns: ["child_id", "id_index", "residence_district", "hukou_district", "birth_date", "groups"],
                logger: owner.logger
            ) { writer in
                var text = CopyText(capacity: 1 << 20)
                for n in 0..<count {
                    let i = n % 20 == 19 ? enrolled + n : n
                    let id = try CitizenID(idNumber(i), today: WallClock.system.today())
                    let village = villages[n % villages.count].value
                    text.text(UUID().uuidString)
                    text.bytea(keyring.blindIndex(id))
                    text.integer(village)
                    text.integer(village)
                    text.text(id.birthDate.description)
                    text.text("{left-behind}")
                    text.endRow()
                    if text.bytes.count >= 1 << 20 {
                        try await writer.write(ByteBuffer(bytes: text.bytes))
                        text.clear()
                    }
                }
                try await writer.write(ByteBuffer(bytes: text.bytes))
            }
        }
    }

    static func psql(_ configuration: DatabaseConfiguration, _ command: String) throws {
        let binaries = try PostgresBinaries.locate()
        let process = Process()
        process.executableURL = binaries.directory.appending(path: "psql")
        process.arguments = [
            "-h", configuration.host, "-p", "\(configuration.port)", "-U", configuration.username, "-d", configuration.database,
            "-v", "ON_ERROR_STOP=1", "-X", "-q", "-c", command
        ]
        process.environment = ["PGPASSWORD": configuration.password ?? "", "PATH": "/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("psql failed: \(command)") }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func megabytes(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0) / 1_000_000
    }

    static func value(after flag: String, in arguments: [String]) -> Int? {
        arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil }
    }
}
