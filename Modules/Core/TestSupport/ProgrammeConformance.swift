import Boot
import Contract
import Foundation
import Gateway
import PostgresNIO

/// The check every programme's tests call: naming rules, permissions on every endpoint, migrations that apply
/// cleanly (and again, as a no-op) on an empty database, row-level security on every table that holds child data,
/// district references that exist, and routes that mount.
public enum ProgrammeConformance {
    /// Throws one failure listing every violation.
    public static func check<P: Programme>(_ type: P.Type, allowingOpen openPaths: Set<String> = []) async throws {
        let problems = try await violations(type, allowingOpen: openPaths)
        guard problems.isEmpty else { throw TestFailure("programme \(P.id) does not conform:\n- " + problems.joined(separator: "\n- ")) }
    }

    public static func violations<P: Programme>(_ type: P.Type, allowingOpen openPaths: Set<String> = []) async throws -> [String] {
        var problems = namingViolations(P())
        let programme = P()
        let server = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(server, logger: TestCluster.logger) { owner in
            let migrator = Migrator(database: owner)
            do {
                try await migrator.migrate([CoreSchema.migrations, programme.migrationSet])
                let again = try await migrator.migrate([CoreSchema.migrations, programme.migrationSet])
                if !again.isEmpty { problems.append("migrating twice applied \(again.count) migrations again") }
            } catch {
                problems.append("migrations fail on an empty database: \(error)")
                return
            }
            problems += try await schemaViolations(programme, owner)
        }
        let endpoints = programme.endpoints(try await placeholderContext())
        for endpoint in endpoints where endpoint.access == .open && !openPaths.contains(endpoint.path) {
            problems.append("endpoint \(endpoint.method) \(endpoint.path) is open (no permission) but not declared public")
        }
        problems += endpoints.flatMap(documentationViolations)
        return problems
    }

    /// An endpoint's inputs and response as `/openapi.json` documents them: every path parameter declared with its
    /// type, and every example of a JSON body encoding and validating against the schema inferred from them.
    static func documentationViolations(_ endpoint: Endpoint) -> [String] {
        let name = "endpoint \(endpoint.method) \(endpoint.path)"
        let declared = Set(endpoint.inputs.filter { $0.location == .path }.map(\.name))
        var problems = endpoint.pathParameters.filter { !declared.contains($0) }.map { "\(name) does not declare its path input \($0)" }
        guard endpoint.response.mediaType == "application/json" else { return problems }
        do {
            let examples = try endpoint.response.exampleValues()
            if examples.isEmpty { problems.append("\(name) documents its response without an example") }
            guard let schema = try endpoint.response.schema() else { return problems }
            for example in examples {
                let violations = JSONSchemaValidator().violations(of: example, against: schema)
                if !violations.isEmpty { problems.append("\(name): an example of its response does not validate: \(violations)") }
            }
        } catch {
            problems.append("\(name): the examples of its response cannot be written: \(error)")
        }
        return problems
    }

    static func namingViolations<P: Programme>(_ programme: P) -> [String] {
        var problems: [String] = []
        let id = P.id
        if id.range(of: #"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"#, options: .regularExpression) == nil {
            problems.append("id \(id) is not kebab-case")
        }
        let declared = Set(programme.permissions)
        for permission in programme.permissions
        where !permission.name.hasPrefix(id + ".") || permission.name.split(separator: ".").count != 3 {
            problems.append("permission \(permission) is not <\(id)>.<resource>.<action>")
        }
        for role in programme.roles {
            if !role.name.hasPrefix(id + ".") { problems.append("role \(role.name) does not start with \(id).") }
            for permission in role.permissions where !declared.contains(permission) && !CorePermissions.all.contains(permission) {
                problems.append("role \(role.name) grants undeclared permission \(permission)")
            }
        }
        for key in programme.policyKeys where !key.key.hasPrefix(id + ".") {
            problems.append("policy key \(key.key) does not start with \(id).")
        }
        for topic in programme.topics where !topic.name.hasPrefix(id + ".") {
            problems.append("event topic \(topic.name) does not start with \(id).")
        }
        for migration in programme.migrations
        where migration.sql.localizedCaseInsensitiveContains("create schema") && !migration.sql.lowercased().contains(P.schema.lowercased())
        {
            problems.append("migration \(migration.version) creates a schema other than \(P.schema)")
        }
        return problems
    }

    static func schemaViolations<P: Programme>(_ programme: P, _ owner: Database) async throws -> [String] {
        try await owner.withConnection { connection in
            var problems: [String] = []
            let tables = try await connection.query(
                """
                SELECT c.relname, c.relrowsecurity, pg_get_userbyid(c.relowner),
                       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                               AND (a.attname LIKE '%district%' OR a.attname = 'child_id')),
                       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(P.schema.lowercased()) AND c.relkind IN ('r', 'p')
                """, logger: owner.logger
            ).decode((String, Bool, String, Bool, Bool).self).collect()
            if tables.isEmpty { problems.append("migrations create no table in schema \(P.schema.lowercased())") }
            for (table, rls, tableOwner, childData, policy) in tables {
                if tableOwner == "tonghu_app" { problems.append("\(P.schema).\(table) is owned by the application role") }
                if childData && !(rls && policy) {
                    problems.append("\(P.schema).\(table) holds child or district data without row-level security policies")
                }
            }
            for reference in programme.districtReferences {
                let parts = reference.table.split(separator: ".").map(String.init)
                let found = try await connection.query(
                    """
                    SELECT 1 FROM information_schema.columns WHERE table_schema = \(parts.first ?? "") AND table_name = \(parts.last ?? "") AND column_name = \(reference.column)
                    """, logger: owner.logger
                ).collect()
                if found.isEmpty { problems.append("district reference \(reference.table).\(reference.column) does not exist") }
            }
            return problems
        }
    }

    /// A context good enough to ask a programme for its endpoints and mount them (nothing is executed).
    static func placeholderContext() async throws -> ProgrammeContext {
        let configuration = try await TestCluster.shared.server()
        let database = Database(configuration: configuration, logger: TestCluster.logger)
        return Platform(
            database: database, owner: nil, keyring: KeyringSource(.generate(), file: nil), programmes: [], logger: TestCluster.logger
        ).context
    }

    /// Mounts the programme on a gateway router; a conflict or bad path fails here.
    public static func mount<P: Programme>(_ type: P.Type) async throws {
        let configuration = try await TestCluster.shared.server()
        let platform = Platform(
            database: Database(configuration: configuration, logger: TestCluster.logger), owner: nil,
            keyring: KeyringSource(.generate(), file: nil), programmes: [P()], logger: TestCluster.logger)
        _ = Gateway(platform: platform).router()
    }
}
