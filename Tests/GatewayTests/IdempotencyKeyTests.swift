import Catalogue
import Contract
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import TestSupport
import Testing

/// `Idempotency-Key` on writes, through the real router: replayed answers, refused reuse and syntax, keys per user, a
/// keyed visit recorded once, and the one transaction that keeps a failed attempt from being half-recorded.
@Suite("Idempotency-Key")
struct IdempotencyKeyTests {
    static let registry: [any Programme] = Catalogue.programmes.filter { $0.id == "registry" }.map { $0.init() }

    static func leftBehind(_ id: String, village: DistrictCode) -> [String: Any] {
        [
            "idNumber": id, "name": "张三明", "residenceDistrict": village.description, "hukouDistrict": village.description,
            "hukouType": "rural",
            "parents": [
                ["parent": "father", "condition": "working-away", "since": "2024-03-01"],
                ["parent": "mother", "condition": "working-away", "since": "2024-03-01"]
            ]
        ]
    }

    static func count(_ test: TestPlatform, _ sql: String) async throws -> Int {
        try await test.owner.withConnection { connection in
            try await connection.query(.init(unsafeSQL: sql), logger: test.logger).decode(Int.self).collect()[0]
        }
    }

    @Test("same key, same visit: the stored answer replayed, recorded once; another body 422; a bad key 400, nothing written")
    func replay() async throws {
        try await TestPlatform.with(programmes: Self.registry) { test in
            try await test.user("mahang", role: "registry.director", district: TestPlatform.villageA)
            try await test.withClient { client in
                let token = try await client.login("mahang")
                let opened = try await client.call(
                    .post, "/api/v1/registry/children", token: token,
                    json: Self.leftBehind("320412201505050015", village: TestPlatform.villageA))
                let child = try #require(opened.body["id"] as? String, "\(opened.text)")
                let visit: [String: Any] = ["visitedOn": "2026-11-01", "mode": "home", "problems": "作业没人辅导"]
                let key: HTTPFields = [IdempotentHeader.key: "visit-7f3a"]
                let first = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/visits", token: token, json: visit, headers: key)
                #expect(first.status == .created, "\(first.text)")
                #expect(first.headers[IdempotentHeader.replayed] == nil)
                let again = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/visits", token: token, json: visit, headers: key)
                #expect(again.status == .created)
                #expect(again.headers[IdempotentHeader.replayed] == "true")
                #expect(again.text == first.text, "the stored body, byte for byte")
                #expect(again.headers[.contentType] == first.headers[.contentType])
                let visits = "SELECT count(*)::int FROM registry.visits WHERE child_id = '\(child)'"
                #expect(try await Self.count(test, visits) == 1)

                var other = visit
                other["mode"] = "phone"
                let reused = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/visits", token: token, json: other, headers: key)
                #expect(reused.status == .unprocessableContent)
                #expect(reused.body["field"] as? String == "Idempotency-Key")
                #expect((reused.body["detail"] as? String)?.contains("Idempotency-Key") == true)
                let elsewhere = try await client.call(.post, "/api/v1/registry/children", token: token, json: visit, headers: key)
                #expect(elsewhere.status == .unprocessableContent, "another path with the key is another request")

                for bad in ["has space", String(repeating: "k", count: 256), "密钥", ""] {
                    let refused = try await client.call(
                        .post, "/api/v1/registry/children/\(child)/visits", token: token, json: visit,
                        headers: [IdempotentHeader.key: bad])
                    #expect(refused.status == .badRequest, "\(bad.prefix(20)): \(refused.status)")
                    #expect(refused.body["field"] as? String == "Idempotency-Key")
                }
                let longest = try await client.call(
                    .post, "/api/v1/registry/children/\(child)/visits", token: token, json: visit,
                    headers: [IdempotentHeader.key: "\"" + String(repeating: "~", count: 255) + "\""])
                #expect(longest.status == .created, "255 visible characters, as a structured-field string")
                #expect(try await Self.count(test, visits) == 2)
                #expect(try await Self.count(test, "SELECT count(*)::int FROM core.idempotency_keys") == 2)
            }
        }
    }

    @Test("two users with the same key each get their own write; neither sees the other's stored answer")
    func perUser() async throws {
        try await TestPlatform.with(programmes: Self.registry) { test in
            try await test.user("mahang", role: "registry.director", district: TestPlatform.villageA)
            try await test.user("lujiaxiang", role: "registry.director", district: TestPlatform.villageB)
            try await test.withClient { client in
                let key: HTTPFields = [IdempotentHeader.key: "same-key"]
                let a = try await client.call(
                    .post, "/api/v1/registry/children", token: try await client.login("mahang"),
                    json: Self.leftBehind("320412201505050015", village: TestPlatform.villageA), headers: key)
                let b = try await client.call(
                    .post, "/api/v1/registry/children", token: try await client.login("lujiaxiang"),
                    json: Self.leftBehind("320412201406060023", village: TestPlatform.villageB), headers: key)
                #expect(a.status == .created && b.status == .created, "\(a.text) \(b.text)")
                #expect(b.headers[IdempotentHeader.replayed] == nil, "not the other user's answer")
                #expect(a.body["id"] as? String != b.body["id"] as? String)
                #expect(a.body["residenceDistrict"] as? String != b.body["residenceDistrict"] as? String)
            }
            #expect(try await Self.count(test, "SELECT count(*)::int FROM core.idempotency_keys WHERE key = 'same-key'") == 2)
            // Row-level security: the application role, as one user, sees only that user's keys.
            let visible = try await test.platform.database.transaction(settings: [("tonghu.user", UUID().uuidString)]) { connection in
                try await connection.query("SELECT count(*)::int FROM core.idempotency_keys", logger: test.logger).decode(Int.self)
                    .collect()[0]
            }
            #expect(visible == 0)
        }
    }

    @Test("a keyed visit form posted twice (a resubmitted draft) is recorded once")
    func consoleForm() async throws {
        try await TestPlatform.with(programmes: Self.registry) { test in
            try await test.user("mahang", role: "registry.director", district: TestPlatform.villageA)
            try await test.withClient { client in
                let token = try await client.login("mahang")
                let child = try #require(
                    try await client.call(
                        .post, "/api/v1/registry/children", token: token,
                        json: Self.leftBehind("320412201505050015", village: TestPlatform.villageA)
                    ).body["id"] as? String)
                var browser = FormBrowser(client: client)
                _ = try await browser.signIn("mahang")
                let form = try await browser.get("/registry/children/\(child)/visits/new")
                #expect(form.text.contains("data-draft=\"visit-\(child)\""), "the draft container")
                let key = try #require(Self.value(of: "_idempotency", in: form.text))
                #expect(UUID(uuidString: key) != nil)
                let fields = [
                    ("_csrf", try #require(FormBrowser.formToken(form.text))), ("_idempotency", key), ("mode", "home"),
                    ("visitedOn", "2026-11-02"), ("problems", "离线时填写")
                ]
                let sent = try await browser.post("/registry/children/\(child)/visits/new", fields)
                #expect(sent.status == .ok && sent.text.contains("走访已记录"), "\(sent.status)")
                let resent = try await browser.post("/registry/children/\(child)/visits/new", fields)
                #expect(resent.status == .ok && resent.text.contains("走访已记录"))
                #expect(resent.headers[IdempotentHeader.replayed] == "true")
                #expect(try await Self.count(test, "SELECT count(*)::int FROM registry.visits WHERE child_id = '\(child)'") == 1)
                let next = try await browser.get("/registry/children/\(child)/visits/new")
                #expect(Self.value(of: "_idempotency", in: next.text) != key, "each rendered form has a key of its own")
            }
        }
    }

    @Test("a 5xx is not stored and its write is rolled back: the retry runs and is recorded once")
    func serverErrorNotStored() async throws {
        try await TestPlatform.with(programmes: [ProbeProgramme()]) { test in
            try await test.user("mahang", role: "idem-probe.writer", district: TestPlatform.villageA)
            try await test.withClient { client in
                let token = try await client.login("mahang")
                let key: HTTPFields = [IdempotentHeader.key: "fails-once"]
                ProbeProgramme.failures.withLock { $0 = 1 }
                let failed = try await client.call(.post, "/api/v1/idem-probe/entries", token: token, json: ["body": "甲"], headers: key)
                #expect(failed.status == .internalServerError)
                #expect(try await Self.count(test, "SELECT count(*)::int FROM core.idempotency_keys") == 0)
                #expect(try await Self.count(test, "SELECT count(*)::int FROM idem_probe.entries") == 0, "the attempt's row rolled back")
                let retried = try await client.call(.post, "/api/v1/idem-probe/entries", token: token, json: ["body": "甲"], headers: key)
                #expect(retried.status == .created)
                #expect(retried.headers[IdempotentHeader.replayed] == nil, "run again, not replayed")
                let replayed = try await client.call(.post, "/api/v1/idem-probe/entries", token: token, json: ["body": "甲"], headers: key)
                #expect(replayed.headers[IdempotentHeader.replayed] == "true" && replayed.text == retried.text)
                #expect(try await Self.count(test, "SELECT count(*)::int FROM idem_probe.entries") == 1)

                // A refusal (4xx) is stored as it was answered.
                let refusal: HTTPFields = [IdempotentHeader.key: "empty-body"]
                let empty = try await client.call(.post, "/api/v1/idem-probe/entries", token: token, json: ["body": ""], headers: refusal)
                #expect(empty.status == .unprocessableContent && empty.body["field"] as? String == "body")
                let emptyAgain = try await client.call(
                    .post, "/api/v1/idem-probe/entries", token: token, json: ["body": ""], headers: refusal)
                #expect(emptyAgain.status == .unprocessableContent && emptyAgain.headers[IdempotentHeader.replayed] == "true")
            }
        }
    }

    @Test("a second request with the key while the first is running is 409; afterwards it is replayed")
    func inFlight() async throws {
        try await TestPlatform.with(programmes: [ProbeProgramme()]) { test in
            try await test.user("mahang", role: "idem-probe.writer", district: TestPlatform.villageA)
            try await test.withClient { client in
                let token = try await client.login("mahang")
                let key: HTTPFields = [IdempotentHeader.key: "slow-one"]
                let (entered, inside) = AsyncStream.makeStream(of: Void.self)
                let (released, release) = AsyncStream.makeStream(of: Void.self)
                ProbeProgramme.gate.withLock { $0 = ProbeProgramme.Gate(entered: inside, release: released) }
                async let first = client.call(.post, "/api/v1/idem-probe/slow", token: token, json: ["body": "乙"], headers: key).status
                var waiting = entered.makeAsyncIterator()
                _ = await waiting.next()
                let second = try await client.call(.post, "/api/v1/idem-probe/slow", token: token, json: ["body": "乙"], headers: key)
                #expect(second.status == .conflict)
                #expect(second.body["field"] as? String == "Idempotency-Key")
                release.yield()
                release.finish()
                #expect(try await first == .created)
                let after = try await client.call(.post, "/api/v1/idem-probe/slow", token: token, json: ["body": "乙"], headers: key)
                #expect(after.status == .created && after.headers[IdempotentHeader.replayed] == "true")
                #expect(try await Self.count(test, "SELECT count(*)::int FROM idem_probe.entries") == 1)
            }
        }
    }

    static func value(of field: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(field)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}

enum IdempotentHeader {
    static let key = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
}

/// A programme whose writes the tests steer: `/entries` fails after its insert as often as `failures` says; `/slow`
/// says it has entered and waits to be released.
struct ProbeProgramme: Programme {
    static let id = "idem-probe"
    static let title = Localized(zh: "幂等探针", en: "Idempotency probe")
    static let failures = Mutex(0)
    static let gate = Mutex<Gate?>(nil)

    struct Gate: Sendable {
        let entered: AsyncStream<Void>.Continuation
        let release: AsyncStream<Void>
    }

    struct Entry: Decodable { let body: String }
    struct ProbeFailure: Error {}

    var migrations: [Migration] {
        [
            Migration(
                1, "entries",
                """
                CREATE SCHEMA idem_probe;
                CREATE TABLE idem_probe.entries (id bigserial PRIMARY KEY, district bigint NOT NULL, body text NOT NULL);
                ALTER TABLE idem_probe.entries ENABLE ROW LEVEL SECURITY;
                CREATE POLICY entries_in_scope ON idem_probe.entries USING (district <@ core.scope()) WITH CHECK (district <@ core.scope());
                GRANT USAGE ON SCHEMA idem_probe TO tonghu_app;
                GRANT SELECT, INSERT ON idem_probe.entries TO tonghu_app;
                GRANT USAGE ON SEQUENCE idem_probe.entries_id_seq TO tonghu_app;
                """)
        ]
    }
    var permissions: [Permission] { ["idem-probe.entry.write"] }
    var roles: [Role] { [Role("idem-probe.writer", title: .init(zh: "写", en: "Writer"), permissions: ["idem-probe.entry.write"])] }
    var districtReferences: [DistrictReference] { [.init(table: "idem_probe.entries", column: "district")] }

    func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        [
            Endpoint(
                .post, "/entries", summary: .init(zh: "写一条", en: "Write one"), access: .permission("idem-probe.entry.write"),
                response: .media("text/plain", "编号")
            ) { request, call in
                let entry = try await call.decode(Entry.self, from: request)
                guard !entry.body.isEmpty else { throw Problem.invalid("body", "内容为空", "the body is empty") }
                let id = try await Self.insert(entry.body, call)
                let fail = Self.failures.withLock { failures in
                    defer { failures = max(0, failures - 1) }
                    return failures > 0
                }
                if fail { throw ProbeFailure() }
                return Response(
                    status: .created, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "\(id)")))
            },
            Endpoint(
                .post, "/slow", summary: .init(zh: "慢写一条", en: "Write one slowly"), access: .permission("idem-probe.entry.write"),
                response: .media("text/plain", "编号")
            ) { request, call in
                let entry = try await call.decode(Entry.self, from: request)
                let id = try await Self.insert(entry.body, call)
                if let gate = Self.gate.withLock({ gate in
                    defer { gate = nil }
                    return gate
                }) {
                    gate.entered.yield()
                    for await _ in gate.release { break }
                }
                return Response(
                    status: .created, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "\(id)")))
            }
        ]
    }

    static func insert(_ body: String, _ call: Call) async throws -> Int {
        try await call.transaction { connection in
            try await connection.query(
                "INSERT INTO idem_probe.entries (district, body) VALUES (\(Int64(TestPlatform.villageA.description)!), \(body)) RETURNING id::int",
                logger: call.context.logger
            ).decode(Int.self).collect()[0]
        }
    }
}
