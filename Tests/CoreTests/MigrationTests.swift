import Boot
import Contract
import PostgresNIO
import TestSupport
import Testing

@Suite("迁移 migrations")
struct MigrationTests {
    @Test("apply on an empty database, then again as a no-op")
    func idempotent() async throws {
        let database = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { owner in
            let migrator = Migrator(database: owner)
            let first = try await migrator.migrate([CoreSchema.migrations])
            #expect(first.map(\.version) == CoreSchema.migrations.migrations.map(\.version))
            #expect(try await migrator.migrate([CoreSchema.migrations]).isEmpty)
            #expect(try await migrator.status([CoreSchema.migrations]).allSatisfy { $0.state == .applied })
        }
    }

    @Test("--dry-run lists what would run and changes nothing")
    func dryRun() async throws {
        let database = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { owner in
            let planned = try await Migrator(database: owner).migrate([CoreSchema.migrations], dryRun: true)
            #expect(planned.map(\.name) == CoreSchema.migrations.migrations.map(\.name))
            let tables = try await owner.withConnection {
                try await $0.query("SELECT to_regclass('core.children') IS NULL", logger: owner.logger).decode(Bool.self).collect()
            }
            #expect(tables == [true])
        }
    }

    @Test("two migrators racing leave one result")
    func racing() async throws {
        let database = try await TestCluster.shared.emptyDatabase()
        let extra = MigrationSet(
            owner: "race",
            migrations: [Migration(1, "counter", "CREATE TABLE core.race_counter (n int); INSERT INTO core.race_counter VALUES (1);")])
        try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { one in
            try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { two in
                async let a = Migrator(database: one).migrate([CoreSchema.migrations, extra])
                async let b = Migrator(database: two).migrate([CoreSchema.migrations, extra])
                let (first, second) = try await (a, b)
                let all = CoreSchema.migrations.migrations.count + 1
                #expect([first.count, second.count].sorted() == [0, all])
                let rows = try await one.withConnection {
                    try await $0.query("SELECT count(*) FROM core.race_counter", logger: one.logger).decode(Int.self).collect()
                }
                #expect(rows == [1])
            }
        }
    }

    @Test("an edited applied migration stops the runner")
    func edited() async throws {
        let database = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { owner in
            let original = MigrationSet(owner: "demo", migrations: [Migration(1, "t", "CREATE TABLE core.demo_t (a int)")])
            let edited = MigrationSet(owner: "demo", migrations: [Migration(1, "t", "CREATE TABLE core.demo_t (a bigint)")])
            try await Migrator(database: owner).migrate([CoreSchema.migrations, original])
            await #expect(throws: DatabaseError.migrationEdited(programme: "demo", version: 1, name: "t")) {
                try await Migrator(database: owner).migrate([CoreSchema.migrations, edited])
            }
        }
    }

    @Test("scripts split at top-level semicolons only")
    func scriptSplitting() async throws {
        let database = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { owner in
            try await owner.withConnection { connection in
                try await connection.run(
                    script: """
                        CREATE TABLE t (a text); -- a comment; with a semicolon
                        INSERT INTO t VALUES ('x;y'), ($$dollar;quoted$$);
                        /* block; comment */ CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;
                        """, logger: owner.logger)
                let values = try await connection.query("SELECT a FROM t ORDER BY a", logger: owner.logger).decode(String.self).collect()
                #expect(values == ["dollar;quoted", "x;y"])
            }
        }
    }
}
