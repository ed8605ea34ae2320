import Boot
import Database
import Foundation
import Glibc
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kill -9` of `tonghu registry import` mid-file (issue 10, fault tests): only whole batches are kept, and no file
/// anyone could read holds the file's ID numbers. The import reads a named pipe, so the test decides how far it got.
@Suite("导入中断 a CLI import killed mid-file", .serialized)
struct ImportFaultTests {
    static let batchSize = 5_000

    @Test("kill -9 of an import leaves whole batches and no readable file with its ID numbers; another command meanwhile finishes promptly")
    func killedImport() async throws {
        let started = Date()
        let data = try CommandLine.dataDirectory()
        defer { SharedClusterTests.remove(data) }
        try SharedClusterTests.prepareDistricts(data)
        let fifo = try SharedClusterTests.fifo(in: data)
        let importing = try SharedClusterTests.launch(["registry", "import", fifo.path, "--data-dir", data.path], in: data)
        defer { if importing.process.isRunning { kill(importing.process.processIdentifier, SIGKILL) } }
        let writer = try await SharedClusterTests.openWhenRead(fifo, by: importing)
        defer { close(writer) }

        // Two whole batches and part of a third: the first is written once the second is read (the import reads one
        // batch ahead), the second waits for the third, which never ends.
        try await Self.write(Self.rows(0..<(2 * Self.batchSize + 2_000)), to: writer)
        let database = try Self.owner(data)
        var files = 0
        for _ in 0..<600 where files < Self.batchSize {
            files = try await Self.count("registry.files", in: database)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(files == Self.batchSize, "the first batch was not committed")

        // Another command while the import holds its connection and waits for input.
        let clock = ContinuousClock.now
        let listed = try SharedClusterTests.launch(["user", "list", "--data-dir", data.path], in: data)
        let listing = await listed.result()
        let listingTook = ContinuousClock.now - clock
        #expect(listing.status == 0, "\(listing.error)")
        #expect(listingTook < .seconds(30), "a command during an import waited \(listingTook)")

        kill(importing.process.processIdentifier, SIGKILL)
        _ = await importing.result()
        try await Task.sleep(for: .milliseconds(500))
        let kept = try await Self.count("registry.files", in: database)
        let children = try await Self.count("core.children", in: database)
        let audited = try await Self.count("core.audit WHERE action = 'file.import'", in: database)
        #expect(kept > 0 && kept % Self.batchSize == 0, "\(kept) files kept: not whole batches of \(Self.batchSize)")
        #expect(children == kept, "\(children) children in the index for \(kept) files")
        #expect(audited == kept / Self.batchSize, "\(audited) audit entries for \(kept / Self.batchSize) batches")

        let readable = Self.readableFiles(below: data, since: started) + Self.temporaryFiles(since: started)
        let leaking = readable.filter { Self.holdsIDNumbers($0) }
        #expect(leaking.isEmpty, "files holding the import's ID numbers: \(leaking)")
        print(
            "import killed after \(kept) rows (batches of \(Self.batchSize)); `tonghu user list` meanwhile took \(DatabaseOutageTests.ms(listingTook)) ms"
        )
    }

    @Test("kill -9 of the gateway while an upload is written leaves whole batches and no readable file with its ID numbers")
    func killedUpload() async throws {
        let started = Date()
        let data = try CommandLine.dataDirectory()
        defer { SharedClusterTests.remove(data) }
        try SharedClusterTests.prepareDistricts(data)
        let dir = ["--data-dir", data.path]
        let password = PlaintextFileTests.password
        #expect(try CommandLine.tonghu(["user", "add", "uploader", "--password-stdin"] + dir, input: password + "\n").status == 0)
        #expect(try CommandLine.tonghu(["user", "grant", "uploader", "registry.manager", "--district", "320412000000"] + dir).status == 0)
        let policy = try CommandLine.tonghu(
            [
                "policy", "set", "core.two-factor-roles", "--district", "320412000000", "--effective", "2020-01-01", "--value", "[]",
                "--source", "test"
            ] + dir)
        #expect(policy.status == 0, "\(policy.error)")
        let gateway = try SharedClusterTests.Gateway(data: data)
        defer { gateway.kill() }
        #expect(try await gateway.ready(), "\(gateway.log)")
        let token = try await Self.login(gateway.base, "uploader", password)

        // Ten batches of 2,000 (the upload's batch size): killed once the first is committed, before the last.
        var request = URLRequest(url: gateway.base.appendingPathComponent("api/v1/registry/imports"))
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("text/csv", forHTTPHeaderField: "Content-Type")
        let body = Data(Self.rows(0..<(10 * Self.uploadBatch)).utf8)
        let upload = Task { try? await DatabaseOutageTests.session.upload(for: request, from: body) }
        let database = try Self.owner(data)
        var files = 0
        for _ in 0..<1_200 where files == 0 {
            files = try await Self.count("registry.files", in: database)
            if files == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        gateway.kill()
        _ = await upload.value
        try await Task.sleep(for: .milliseconds(500))
        let kept = try await Self.count("registry.files", in: database)
        let children = try await Self.count("core.children", in: database)
        #expect(kept > 0 && kept < 10 * Self.uploadBatch, "\(kept) files: the kill came \(kept == 0 ? "before" : "after") the writing")
        #expect(kept % Self.uploadBatch == 0, "\(kept) files kept: not whole batches of \(Self.uploadBatch)")
        #expect(children == kept, "\(children) children in the index for \(kept) files")

        let readable = Self.readableFiles(below: data, since: started) + Self.temporaryFiles(since: started)
        let leaking = readable.filter { Self.holdsIDNumbers($0) }
        #expect(leaking.isEmpty, "files holding the upload's ID numbers: \(leaking)")
        print("gateway killed during an upload after \(kept) rows (batches of \(Self.uploadBatch))")
    }

    // MARK: - Helpers

    /// `POST /api/v1/registry/imports` writes batches of this size.
    static let uploadBatch = 2_000

    static func login(_ base: URL, _ username: String, _ password: String) async throws -> String {
        var request = URLRequest(url: base.appendingPathComponent("api/v1/auth/login"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let (body, _) = try await DatabaseOutageTests.session.data(for: request)
        let token = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String
        return try #require(token, "login failed: \(String(decoding: body, as: UTF8.self))")
    }

    /// Files changed since `since` at the top of the temporary directory and in upload spools below it.
    static func temporaryFiles(since: Date) -> [String] {
        let temporary = FileManager.default.temporaryDirectory
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        let spools = entries.filter { $0.hasPrefix("tonghu-upload") }.flatMap {
            PlaintextFileTests.files(under: temporary.appendingPathComponent($0))
        }
        let top = entries.map { temporary.appendingPathComponent($0).path }.filter { path in
            var status = stat()
            return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
        return (spools + top).filter { path in
            (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date).map { $0 >= since } ?? false
        }
    }

    /// Valid ID numbers of children born in 2015–2016 in 320412 (900 per day of birth), all in one village.
    static func rows(_ range: Range<Int>) -> String {
        var text = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
        for n in range { text += "\(idNumber(n)),张三明,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01\n" }
        return text
    }

    static func idNumber(_ n: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let first = DateComponents(calendar: calendar, year: 2015, month: 1, day: 1).date ?? Date(timeIntervalSince1970: 1_420_070_400)
        let born = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: n / 900, to: first) ?? first)
        let body = "320412" + String(format: "%04d%02d%02d%03d", born.year ?? 2015, born.month ?? 1, born.day ?? 1, 100 + n % 900)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// Whether `path` holds one of `rows`' ID numbers (they all begin with 3204122015 or 3204122016).
    /// Whether `path` holds one of this test's own generated ID numbers (not merely a number like them: other suites'
    /// fixtures in the temporary directory hold 320412… numbers too).
    static func holdsIDNumbers(_ path: String) -> Bool {
        guard let contents = FileManager.default.contents(atPath: path) else { return false }
        return [0, 1_999, batchSize + 7].map(idNumber).contains { contents.range(of: Data($0.utf8)) != nil }
    }

    /// Regular files below `directory` changed since `since`, but not the server's own data directory (mode 0700,
    /// its account's alone; it holds ciphertext).
    static func readableFiles(below directory: URL, since: Date) -> [String] {
        PlaintextFileTests.files(under: directory).filter { path in
            !path.contains("/pgdata/")
                && ((try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date).map { $0 >= since } ?? false)
        }
    }

    /// Writes `text` to the non-blocking pipe, waiting while the reader has not caught up.
    static func write(_ text: String, to descriptor: Int32) async throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if errno == EAGAIN {
                try await Task.sleep(for: .milliseconds(5))
            } else {
                throw CommandLineError(description: "write to the pipe: \(errno)")
            }
        }
    }

    /// The embedded cluster's superuser on the `tonghu` database of `data`.
    static func owner(_ data: URL) throws -> DatabaseConfiguration {
        let cluster = data.appendingPathComponent("postgres")
        let port = try String(contentsOf: cluster.appendingPathComponent("port"), encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let password = try String(contentsOf: cluster.appendingPathComponent("superuser.password"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(port) else { throw CommandLineError(description: "no port in \(cluster.path)") }
        return DatabaseConfiguration(host: "127.0.0.1", port: port, username: "tonghu", password: password, database: "tonghu", poolSize: 1)
    }

    static func count(_ from: String, in configuration: DatabaseConfiguration) async throws -> Int {
        var count = 0
        try await Bootstrap.withTemporary(configuration, logger: Logger(label: "import-fault")) { database in
            count = try await database.withConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(from)"), logger: database.logger)
                    .decode(Int.self).first() ?? 0
            }
        }
        return count
    }
}
