import Contract
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import TestSupport
import Testing

@Suite("身份证号不落明文 no plaintext ID numbers")
struct PrivacyTests {
    @Test("after registering, reading and looking up, the ID number is in no table and no log line")
    func noPlaintext() async throws {
        let captured = LogCapture()
        try await TestPlatform.with(logger: captured.logger) { test in
            try await test.user("admin", role: "core.admin", district: TestPlatform.county)
            try await test.withClient { client in
                let token = try await client.login("admin")
                let id = try #require(
                    try await client.call(
                        .post, "/api/v1/children", token: token, json: ChildrenRouteTests.newChild(ChildrenRouteTests.idA)
                    ).body["id"] as? String)
                _ = try await client.call(.get, "/api/v1/children/\(id)", token: token)
                _ = try await client.call(.post, "/api/v1/children/lookup", token: token, json: ["idNumber": ChildrenRouteTests.idA])
                _ = try await client.call(
                    .post, "/api/v1/children", token: token, json: ChildrenRouteTests.newChild(ChildrenRouteTests.idA))
            }
            try await test.platform.context.auditReads.flush()
            let logged = captured.lines
            let leaks = logged.filter { $0.contains(ChildrenRouteTests.idA) }
            #expect(!logged.isEmpty)
            #expect(leaks.isEmpty, "\(leaks)")
            let owner = test.owner
            let hits = try await owner.withConnection { connection in
                let tables = try await connection.query(
                    """
                    SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                    """, logger: owner.logger
                ).decode(String.self).collect()
                #expect(tables.contains("core.children"))
                var hits: [String] = []
                for table in tables {
                    let count = try await connection.query(
                        PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) t WHERE t::text LIKE '%\(ChildrenRouteTests.idA)%'"),
                        logger: owner.logger
                    )
                    .decode(Int.self).collect()[0]
                    if count > 0 { hits.append(table) }
                }
                return hits
            }
            #expect(hits.isEmpty)
        }
    }
}
