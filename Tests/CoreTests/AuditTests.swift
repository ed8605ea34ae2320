import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("审计 audit trail")
struct AuditTests {
    /// The SQLSTATE `body` failed with, `nil` when it succeeded.
    static func sqlState(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as PSQLError {
            return error.serverInfo?[.sqlState] ?? "\(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("the application role records through core.record_audit under its transaction's actor, never inserts, updates or deletes")
    func appendOnly() async throws {
        try await TestPlatform.with { test in
            let app = test.platform.database
            let log = test.platform.context.audit
            let longAgo = ISO8601DateFormatter().date(from: "2020-01-01T00:00:00Z")!
            try await app.transaction(settings: AuditLog.attribution(actor: "t", request: "r-1")) {
                try await log.record(AuditEntry(at: longAgo, actor: "t", action: "x", programme: "core", requestID: "r-1"), on: $0)
            }
            let read = try await test.owner.withConnection { try await log.query(AuditFilter(actor: "t"), on: $0) }
            #expect(read.map(\.requestID) == ["r-1"])
            #expect(try #require(read.first).at > longAgo, "stamped with the transaction's time, not the entry's")
            #expect(
                await Self.sqlState {
                    try await app.withConnection {
                        try await $0.run(
                            "INSERT INTO core.audit (actor, action, programme, outcome) VALUES ('forged', 'x', 'core', 'success')",
                            logger: app.logger)
                    }
                } == "42501")
            #expect(
                await Self.sqlState {
                    try await app.withConnection { try await $0.run("UPDATE core.audit SET actor = 'forged'", logger: app.logger) }
                } != nil)
            #expect(
                await Self.sqlState { try await app.withConnection { try await $0.run("DELETE FROM core.audit", logger: app.logger) } }
                    != nil)
            // Not even the owner may touch rows younger than 183 days.
            #expect(
                await Self.sqlState {
                    try await test.owner.withConnection { try await $0.run("DELETE FROM core.audit", logger: app.logger) }
                } != nil)
        }
    }

    @Test("the application role cannot put another actor or request on record, nor record without a transaction's actor")
    func noForgedActor() async throws {
        try await TestPlatform.with { test in
            let app = test.platform.database
            let log = test.platform.context.audit
            let alice = AuditLog.attribution(actor: "alice", request: "r-1")
            let refused: [(settings: [(name: String, value: String)], entry: AuditEntry)] = [
                (alice, AuditEntry(actor: "mallory", action: "child.register", programme: "core", requestID: "r-1")),
                (alice, AuditEntry(actor: "alice", action: "child.register", programme: "core", requestID: "r-2")),
                (alice, AuditEntry(actor: "alice", action: "child.register", programme: "core")),
                ([], AuditEntry(actor: "mallory", action: "child.register", programme: "core")),
                ([("tonghu.actor", "")], AuditEntry(actor: "", action: "child.register", programme: "core"))
            ]
            for (settings, entry) in refused {
                #expect(
                    await Self.sqlState { try await app.transaction(settings: settings) { try await log.record(entry, on: $0) } }
                        == "42501",
                    "\(entry.actor) / \(entry.requestID ?? "-") under \(settings.map(\.value))")
            }
            // One forged entry among genuine ones refuses the whole statement.
            #expect(
                await Self.sqlState {
                    try await app.transaction(settings: alice) {
                        try await log.record(
                            [
                                AuditEntry(actor: "alice", action: "x", programme: "core", requestID: "r-1"),
                                AuditEntry(actor: "mallory", action: "x", programme: "core", requestID: "r-1")
                            ], on: $0)
                    }
                } == "42501")
            let rows = try await test.owner.withConnection { try await log.query(AuditFilter(), on: $0) }
            #expect(rows.isEmpty, "\(rows)")
        }
    }

    @Test("purge refuses anything younger than 183 days and removes older rows")
    func purge() async throws {
        try await TestPlatform.with { test in
            let owner = test.owner
            let log = test.platform.context.audit
            let today = CalendarDate(year: 2026, month: 11, day: 22)!
            try await owner.withConnection { connection in
                try await log.record(
                    [
                        AuditEntry(
                            at: ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z")!, actor: "old", action: "x", programme: "core"),
                        AuditEntry(actor: "new", action: "x", programme: "core")
                    ], on: connection)
            }
            await #expect(throws: Problem.self) {
                try await owner.withConnection {
                    try await log.purge(before: CalendarDate(year: 2026, month: 6, day: 1)!, today: today, on: $0)
                }
            }
            let removed = try await owner.withConnection {
                try await log.purge(before: CalendarDate(year: 2026, month: 5, day: 23)!, today: today, on: $0)
            }
            #expect(removed == 1)
            #expect(try await owner.withConnection { try await log.query(AuditFilter(), on: $0) }.map(\.actor) == ["new"])
        }
    }

    @Test("buffered read entries are written by flush, as the application role")
    func buffer() async throws {
        try await TestPlatform.with { test in
            let child = UUID()
            test.platform.context.auditReads.append(AuditEntry(actor: "reader", action: "child.read", programme: "core", childID: child))
            try await test.platform.context.auditReads.flush()
            let rows = try await test.owner.withConnection {
                try await test.platform.context.audit.query(AuditFilter(child: child), on: $0)
            }
            #expect(rows.map(\.action) == ["child.read"])
        }
    }

    @Test(
        "rows are read within scope: by the district recorded, by the child now visible, by the actor's grants; others only from the whole tree"
    )
    func readWithinScope() async throws {
        try await TestPlatform.with { test in
            let owner = test.owner
            let log = test.platform.context.audit
            let children = test.platform.context.children
            func register(_ id: String, residence: DistrictCode, hukou: DistrictCode) async throws -> UUID {
                let validated = try ChildRepository.validate(
                    NewChild(
                        idNumber: id, name: "张三明", residenceDistrict: residence.description,
                        hukouDistrict: hukou.description), today: WallClock.system.today())
                return try await owner.withConnection { try await children.register(validated, on: $0) }.id
            }
            let inA = try await register("320412201505050015", residence: TestPlatform.villageA, hukou: TestPlatform.villageA)
            let inB = try await register("320412201406060023", residence: TestPlatform.villageB, hukou: TestPlatform.villageB)
            let livesInBFromA = try await register("320412201607070025", residence: TestPlatform.villageB, hukou: TestPlatform.villageA)
            try await test.user("hutang", role: "core.registrar", district: TestPlatform.townshipA)
            try await owner.withConnection { connection in
                try await log.record(
                    [
                        AuditEntry(actor: "reader", action: "a", programme: "core", childID: inA),
                        AuditEntry(actor: "reader", action: "b", programme: "core", childID: inB),
                        AuditEntry(actor: "reader", action: "ab", programme: "core", childID: livesInBFromA),
                        AuditEntry(actor: "hutang", action: "staff-login", programme: "core"),
                        AuditEntry(actor: "nobody", action: "unknown-login", programme: "core", outcome: "denied")
                    ], on: connection)
            }
            func visible(_ district: DistrictCode, as actor: String = "auditor") async throws -> Set<String> {
                let settings = [("tonghu.scope", DistrictScope([district]).multirange)] + AuditLog.attribution(actor: actor, request: "r")
                return Set(
                    try await test.platform.database.transaction(settings: settings) { try await log.query(AuditFilter(), on: $0) }.map(
                        \.action))
            }
            #expect(try await visible(TestPlatform.townshipA) == ["a", "ab", "staff-login"])
            #expect(try await visible(TestPlatform.townshipB) == ["b", "ab"])
            #expect(try await visible(TestPlatform.townshipB, as: "nobody") == ["b", "ab", "unknown-login"])
            #expect(try await visible(TestPlatform.county) == ["a", "b", "ab", "staff-login"])
            #expect(try await visible(TestPlatform.otherCounty).isEmpty)
            #expect(try await visible(TestPlatform.province) == ["a", "b", "ab", "staff-login", "unknown-login"])
            // The child of township A moves to township B: A keeps what was recorded while it lived there, B now sees it too.
            try await owner.withConnection { connection in
                try await connection.run(
                    "UPDATE core.children SET residence_district = \(TestPlatform.villageB.value), hukou_district = \(TestPlatform.villageB.value) WHERE id = \(inA)",
                    logger: owner.logger)
            }
            #expect(try await visible(TestPlatform.townshipA) == ["a", "ab", "staff-login"])
            #expect(try await visible(TestPlatform.townshipB) == ["a", "b", "ab"])
        }
    }
}
