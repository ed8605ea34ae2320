import Contract
import Foundation
import HummingbirdTesting
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import Registry

/// 报表只读账户: a BI tool's login reads the reporting views of its districts only, and nothing else of the database.
@Suite("报表只读账户 reporting logins")
struct RegistryReportingTests {
    static let password = "报表-只读-2026-wujin"
    let log = Logger(label: "tonghu.tests.reporting")

    @Test("a township's reporting login sees its children in the views, no identifying column, no table, no other township")
    func townshipLogin() async throws {
        try await RegistryFixture.with { test, client, tokens in
            for (id, village, token) in [
                ("320412201505050015", TestPlatform.villageA, tokens.director),
                ("320412201606060028", TestPlatform.villageB, tokens.otherDirector)
            ] {
                let opened = try await client.call(
                    .post, "/api/v1/registry/children", token: token, json: RegistryFixture.leftBehind(id, village: village))
                #expect(opened.status == .created, "\(opened.text)")
            }
            let logins = ReportingLogins(database: test.owner, policy: .fast)
            try await logins.grant("bi_hutang", districts: [TestPlatform.townshipA], password: Self.password, by: "test") { _ in }

            try await Self.connected(as: "bi_hutang", to: test) { bi in
                let children = try await bi.query("SELECT residence_district, categories FROM reporting.registry_children", logger: log)
                    .collect().map { try $0.decode((Int64, [String]).self) }
                #expect(children.map(\.0) == [TestPlatform.villageA.value])
                #expect(children.first?.1.isEmpty == false)
                let figures = try await bi.query("SELECT district, children FROM reporting.registry_district_figures", logger: log)
                    .collect().map { try $0.decode((Int64, Int64).self) }
                #expect(figures.map(\.0) == [TestPlatform.villageA.value] && figures.map(\.1) == [1])

                // A setting the login controls changes nothing it can see.
                _ = try await bi.query("SELECT set_config('tonghu.scope', '{[10000000000,999999999999]}', false)", logger: log).collect()
                #expect(
                    try await bi.query("SELECT count(*) FROM reporting.registry_children", logger: log).collect().first?.decode(Int64.self)
                        == 1)

                let columns = try await bi.query(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name LIKE 'registry\\_%'",
                    logger: log
                ).collect().map { try $0.decode(String.self) }
                #expect(columns.contains("risk_colour") && columns.contains("visited_on"))
                #expect(!columns.contains { ["name", "id_number", "phone", "contacts"].contains($0) || $0.contains("cipher") })

                for table in ["registry.files", "core.children", "core.reporting_logins", "core.audit", "core.users"] {
                    await #expect(throws: PSQLError.self, "\(table)") {
                        try await bi.query(PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table)"), logger: log).collect()
                    }
                }
            }
        }
    }

    @Test("a second grant replaces the districts; revoking drops the login; other roles' names and bad input are refused")
    func grantReplaceRevoke() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let opened = try await client.call(
                .post, "/api/v1/registry/children", token: tokens.otherDirector,
                json: RegistryFixture.leftBehind("320412201606060028", village: TestPlatform.villageB))
            #expect(opened.status == .created, "\(opened.text)")
            let logins = ReportingLogins(database: test.owner, policy: .fast)
            let roles = try await test.owner.withConnection { connection in
                _ = try await connection.query("CREATE ROLE bi_other NOLOGIN", logger: log).collect()
                return try await connection.query("SELECT count(*) FROM pg_roles WHERE rolname = 'bi_other'", logger: log).collect()
            }
            #expect(try roles.first?.decode(Int64.self) == 1)
            try await logins.grant("bi_county", districts: [TestPlatform.townshipA], password: Self.password, by: "test") { _ in }
            try await logins.grant("bi_county", districts: [TestPlatform.county], password: Self.password, by: "test") { _ in }
            #expect(try await logins.list().map(\.login) == ["bi_county"])
            try await Self.connected(as: "bi_county", to: test) { bi in
                let count = try await bi.query("SELECT count(*) FROM reporting.registry_children", logger: log).collect()
                #expect(try count.first?.decode(Int64.self) == 1)
            }

            await #expect {
                try await logins.grant("tonghu_gateway", districts: [TestPlatform.county], password: Self.password, by: "t") { _ in }
            } throws: { ($0 as? Problem)?.field == "login" }
            await #expect {
                try await logins.grant("bi_other", districts: [TestPlatform.county], password: Self.password, by: "t") { _ in }
            } throws: { ($0 as? Problem)?.status == 409 }
            await #expect { try await logins.grant("bi_x", districts: [], password: Self.password, by: "t") { _ in } } throws: {
                ($0 as? Problem)?.field == "district"
            }
            await #expect {
                try await logins.grant("bi_x", districts: [TestPlatform.county], password: "123456789012", by: "t") { _ in }
            } throws: { ($0 as? Problem)?.field == "password" }

            try await logins.revoke("bi_county") { _ in }
            #expect(try await logins.list().isEmpty)
            await #expect(throws: (any Error).self) { try await Self.connected(as: "bi_county", to: test) { _ in } }
            await #expect { try await logins.revoke("bi_county") { _ in } } throws: { ($0 as? Problem)?.status == 404 }
        }
    }

    /// Runs `body` on a connection of its own as `login` to the test's database.
    static func connected(as login: String, to test: TestPlatform, _ body: (PostgresConnection) async throws -> Void) async throws {
        let configuration = test.owner.configuration
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: configuration.host, port: configuration.port, username: login, password: password,
                database: configuration.database, tls: .disable),
            id: 1, logger: Logger(label: "tonghu.tests.reporting"))
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
