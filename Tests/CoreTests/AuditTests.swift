import Contract
import Foundation
import PostgresNIO
import Testing
import TestSupport

@Suite("审计 audit trail")
struct AuditTests {
    @Test("the application role can insert and read audit rows but never update or delete them")
    func appendOnly() async throws {
        try await TestPlatform.with { test in
            let app = test.platform.database
            try await app.withConnection { try await test.platform.context.audit.record(AuditEntry(actor: "t", action: "x", programme: "core"), on: $0) }
            let read = try await app.withConnection { try await test.platform.context.audit.query(AuditFilter(actor: "t"), on: $0) }
            #expect(read.count == 1)
            await #expect(throws: PSQLError.self) {
                try await app.withConnection { try await $0.query("UPDATE core.audit SET actor = 'forged'", logger: app.logger) }
            }
            await #expect(throws: PSQLError.self) {
                try await app.withConnection { try await $0.query("DELETE FROM core.audit", logger: app.logger) }
            }
            // Not even the owner may touch rows younger than 183 days.
            await #expect(throws: PSQLError.self) {
                try await test.owner.withConnection { try await $0.query("DELETE FROM core.audit", logger: app.logger) }
            }
        }
    }

    @Test("purge refuses anything younger than 183 days and removes older rows")
    func purge() async throws {
        try await TestPlatform.with { test in
            let owner = test.owner, log = test.platform.context.audit
            let today = CalendarDate(year: 2026, month: 11, day: 22)!
            try await owner.withConnection { connection in
                try await log.record([
                    AuditEntry(at: ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z")!, actor: "old", action: "x", programme: "core"),
                    AuditEntry(actor: "new", action: "x", programme: "core"),
                ], on: connection)
            }
            await #expect(throws: Problem.self) {
                try await owner.withConnection { try await log.purge(before: CalendarDate(year: 2026, month: 6, day: 1)!, today: today, on: $0) }
            }
            let removed = try await owner.withConnection { try await log.purge(before: CalendarDate(year: 2026, month: 5, day: 23)!, today: today, on: $0) }
            #expect(removed == 1)
            #expect(try await owner.withConnection { try await log.query(AuditFilter(), on: $0) }.map(\.actor) == ["new"])
        }
    }

    @Test("buffered read entries are written by flush")
    func buffer() async throws {
        try await TestPlatform.with { test in
            let child = UUID()
            test.platform.context.auditReads.append(AuditEntry(actor: "reader", action: "child.read", programme: "core", childID: child))
            try await test.platform.context.auditReads.flush()
            let rows = try await test.owner.withConnection { try await test.platform.context.audit.query(AuditFilter(child: child), on: $0) }
            #expect(rows.map(\.action) == ["child.read"])
        }
    }
}
