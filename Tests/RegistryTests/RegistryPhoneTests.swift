import Boot
import Contract
import Foundation
import HummingbirdTesting
import PostgresNIO
import TestSupport
import Testing

@testable import Registry

/// 联系电话: phone numbers sealed with the keyring as ID numbers are, masked by role, every unmasked view audited.
@Suite("电话号码加密 phone numbers")
struct RegistryPhoneTests {
    static let header = "身份证号,姓名,居住地区划,户籍地区划,联系人,联系人关系,联系电话\n"
    static let withPhone = "320412201406060023,李思雨,320412100202,320412100202,李外婆,外祖母,13698765432\n"
    static let withoutPhone = "320412201607070033,王浩然,320412100202,320412100202,,,\n"
    static let badPhone = "320412201608080030,赵小北,320412100202,320412100202,赵爷爷,祖父,1369876543x\n"

    /// Opens a file with a contact (API), appoints a worker with a phone (API) and imports a row with a phone (CLI path).
    func record(_ test: TestPlatform, _ client: any TestClientProtocol, _ tokens: RegistryFixture.Tokens) async throws -> (
        child: String, worker: Int
    ) {
        let opened = try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: RegistryFixture.leftBehind())
        #expect(opened.status == .created, "\(opened.text)")
        let appointed = try await client.call(
            .post, "/api/v1/registry/workers", token: tokens.manager,
            json: [
                "district": TestPlatform.villageA.description, "role": "director", "name": "王芳", "phone": "13900001111",
                "appointedOn": "2025-03-01"
            ])
        #expect(appointed.status == .created, "\(appointed.text)")
        let imported = try await RegistryImport(platform: test.platform, actor: "test").run(
            try csv(Self.header + Self.withPhone), allOrNothing: false)
        #expect(imported.opened == 1 && imported.rejected.isEmpty)
        return (try #require(opened.body["id"] as? String), try #require(appointed.body["id"] as? Int))
    }

    func csv(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phones-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Every text-like column (text, varchar, jsonb, arrays) of the registry's tables and the core's tables of child
    /// data (children, events, audit) holding an 11-digit run, as `table.column`, read as the owner (no row-level security).
    func plaintextPhones(_ test: TestPlatform) async throws -> [String] {
        try await test.owner.withConnection { connection in
            let columns = try await connection.query(
                """
                SELECT table_schema || '.' || table_name, column_name FROM information_schema.columns
                WHERE (table_schema = 'registry' OR (table_schema = 'core' AND table_name IN ('children', 'events', 'audit')))
                  AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
                  AND (table_schema, table_name) IN (SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')
                """, logger: test.logger
            ).decode((String, String).self).collect()
            #expect(columns.contains { $0 == ("registry.files", "contacts") })
            var found: [String] = []
            for (table, column) in columns {
                let hits =
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: """
                                SELECT count(*) FROM \(table) WHERE "\(column)"::text ~ '(^|[^0-9])[0-9]{11}([^0-9]|$)'
                                """), logger: test.logger
                    ).decode(Int.self).first() ?? 0
                if hits > 0 { found.append("\(table).\(column)") }
            }
            return found
        }
    }

    @Test("the database holds no plaintext phone: masked text for lists, bytea ciphers that do not contain the number")
    func noPlaintext() async throws {
        try await RegistryFixture.with { test, client, tokens in
            _ = try await record(test, client, tokens)
            #expect(try await plaintextPhones(test) == [])
            let (masked, workerMasked, plainInCipher) = try await test.owner.withConnection { connection in
                let masked = try await connection.query(
                    "SELECT contacts::text FROM registry.files WHERE contacts <> '[]' ORDER BY name", logger: test.logger
                )
                .decode(String.self).collect()
                let worker = try await connection.query("SELECT phone_masked FROM registry.workers", logger: test.logger).decode(
                    String.self
                ).collect()
                let plain =
                    try await connection.query(
                        """
                        SELECT count(*) FROM registry.files f, registry.workers w
                        WHERE position(convert_to('13812345678', 'UTF8') IN f.contacts_cipher) > 0 OR position(convert_to('13698765432', 'UTF8') IN f.contacts_cipher) > 0
                           OR position(convert_to('13900001111', 'UTF8') IN w.phone_cipher) > 0
                        """, logger: test.logger
                    ).decode(Int.self).first() ?? -1
                return (masked, worker, plain)
            }
            #expect(masked.count == 2 && masked.allSatisfy { $0.contains("****") }, "\(masked)")
            #expect(workerMasked == ["139****1111"])
            #expect(plainInCipher == 0)
            let keys = try await test.owner.withConnection {
                try await $0.query(
                    "SELECT DISTINCT contacts_key FROM registry.files UNION SELECT DISTINCT phone_key FROM registry.workers",
                    logger: test.logger
                )
                .decode(String?.self).collect()
            }
            #expect(Set(keys) == [test.platform.keyring.current.active], "every phone sealed under the active key: \(keys)")
        }
    }

    @Test("a viewer sees the masked form; a manager with registry.pii.read sees the number, and each unmasked view is audited")
    func maskedByRole() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let (child, worker) = try await record(test, client, tokens)
            try await test.user("viewer", role: "registry.viewer", district: TestPlatform.county)
            let viewer = try await client.login("viewer")

            let file = try await client.call(.get, "/api/v1/registry/children/\(child)", token: viewer)
            #expect((file.body["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "138****5678")
            let listed = try await client.call(.get, "/api/v1/registry/workers?district=320412000000", token: viewer)
            let row = try #require((listed.body["workers"] as? [[String: Any]])?.first)
            #expect(row["phoneMasked"] as? String == "139****1111")
            #expect(row["phone"] == nil)
            let one = try await client.call(.get, "/api/v1/registry/workers/\(worker)", token: viewer)
            #expect(one.status == .ok)
            #expect(one.body["phoneMasked"] as? String == "139****1111")
            #expect(one.body["phone"] == nil)
            // The manager of the county, listing, gets the masked form too; the worker's own record shows the number.
            let managerList = try await client.call(.get, "/api/v1/registry/workers?district=320412000000", token: tokens.manager)
            #expect((managerList.body["workers"] as? [[String: Any]])?.first?["phone"] == nil)
            let revealed = try await client.call(.get, "/api/v1/registry/workers/\(worker)", token: tokens.manager)
            #expect(revealed.body["phone"] as? String == "13900001111")
            let fileRevealed = try await client.call(.get, "/api/v1/registry/children/\(child)", token: tokens.manager)
            #expect((fileRevealed.body["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "13812345678")
            // Another township's supervisor does not find the worker at all.
            #expect(try await client.call(.get, "/api/v1/registry/workers/\(worker)", token: tokens.otherSupervisor).status == .notFound)

            try await test.platform.context.auditReads.flush()
            let byManager = try await test.owner.withConnection {
                try await test.platform.context.audit.query(AuditFilter(actor: "wujin"), on: $0)
            }
            #expect(byManager.filter { $0.action == "pii.reveal" && $0.entity == "worker" }.map(\.entityID) == [String(worker)])
            #expect(byManager.contains { $0.action == "pii.reveal" && $0.childID == UUID(uuidString: child) })
            let byViewer = try await test.owner.withConnection {
                try await test.platform.context.audit.query(AuditFilter(actor: "viewer"), on: $0)
            }
            #expect(!byViewer.contains { $0.action == "pii.reveal" })
        }
    }

    @Test("bad phone numbers are refused naming the field, by the API and by the import (by line)")
    func badPhones() async throws {
        try await RegistryFixture.with { test, client, tokens in
            var child = RegistryFixture.leftBehind()
            child["contacts"] = [["name": "张奶奶", "relationship": "祖母", "phone": "138-call-me"]]
            let refused = try await client.call(.post, "/api/v1/registry/children", token: tokens.director, json: child)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body["field"] as? String == "contacts")
            let worker = try await client.call(
                .post, "/api/v1/registry/workers", token: tokens.manager,
                json: [
                    "district": TestPlatform.villageA.description, "role": "director", "name": "王芳", "phone": "12",
                    "appointedOn": "2025-03-01"
                ])
            #expect(worker.body["field"] as? String == "phone")
            let imported = try await RegistryImport(platform: test.platform, actor: "test")
                .run(try csv(Self.header + Self.withPhone + Self.badPhone + Self.withoutPhone), allOrNothing: false)
            #expect(imported.opened == 2)
            #expect(imported.rejected.map(\.row) == [3])
            #expect(imported.rejected.map(\.field) == ["contactPhone"])
        }
    }

    @Test("key rotation re-encrypts the phones: afterwards a keyring holding only the new key opens them")
    func rotation() async throws {
        try await RegistryFixture.with { test, client, tokens in
            let (child, worker) = try await record(test, client, tokens)
            let original = test.platform.keyring.current
            let rotated = original.rotated()
            test.platform.keyring.replace(with: rotated)
            let counts = try await test.platform.reencrypt(on: test.owner)
            #expect(counts[Keyring.idNumberField] == 2)
            #expect(counts[SealedContacts.column.field] == 2)
            #expect(counts[WorkforceRepository.phoneColumn.field] == 1)
            // Only the new key: the old one is gone from the keyring file.
            var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(rotated)) as? [String: Any])
            json["keys"] = (json["keys"] as? [String: Any])?.filter { $0.key == rotated.active }
            let newOnly = try JSONDecoder().decode(Keyring.self, from: JSONSerialization.data(withJSONObject: json))
            #expect(newOnly.keyIDs == [rotated.active])
            test.platform.keyring.replace(with: newOnly)

            let file = try await client.call(.get, "/api/v1/registry/children/\(child)", token: tokens.manager)
            #expect((file.body["contacts"] as? [[String: Any]])?.first?["phone"] as? String == "13812345678")
            #expect(file.body["idNumber"] as? String == "320412201505050015")
            let one = try await client.call(.get, "/api/v1/registry/workers/\(worker)", token: tokens.manager)
            #expect(one.body["phone"] as? String == "13900001111")
            let keys = try await test.owner.withConnection {
                try await $0.query(
                    "SELECT DISTINCT contacts_key FROM registry.files UNION SELECT DISTINCT phone_key FROM registry.workers",
                    logger: test.logger
                )
                .decode(String?.self).collect()
            }
            #expect(keys == [rotated.active])
            #expect(try await test.platform.reencrypt(on: test.owner).values.allSatisfy { $0 == 0 })
        }
    }

    @Test("import → export: the import seals the phones; the export masks them unless revealed")
    func importExport() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let imported = try await RegistryImport(platform: test.platform, actor: "test").run(
                try csv(Self.header + Self.withPhone + Self.withoutPhone), allOrNothing: false)
            #expect(imported.opened == 2 && imported.rejected.isEmpty)
            #expect(try await plaintextPhones(test) == [])
            func export(reveal: Bool) async throws -> [[String: String]] {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).csv")
                defer { try? FileManager.default.removeItem(at: url) }
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                let handle = try FileHandle(forWritingTo: url)
                #expect(
                    try await RegistryExport(platform: test.platform, actor: "test").write(
                        district: TestPlatform.county, reveal: reveal, to: handle) == 2)
                try handle.close()
                let lines = String(decoding: try Data(contentsOf: url).dropFirst(3), as: UTF8.self).split(separator: "\r\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
                let header = try #require(lines.first)
                return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            }
            let masked = try await export(reveal: false).first { $0["姓名"] == "李思雨" }
            #expect(masked?["联系人"] == "李外婆")
            #expect(masked?["联系人关系"] == "外祖母")
            #expect(masked?["联系电话"] == "136****5432")
            let revealed = try await export(reveal: true)
            #expect(revealed.first { $0["姓名"] == "李思雨" }?["联系电话"] == "13698765432")
            #expect(revealed.first { $0["姓名"] == "王浩然" }?["联系电话"] == "")
        }
    }

    @Test("registry migration 6 moves phones already stored into sealed and masked columns and drops the plaintext")
    func migration() async throws {
        try await TestPlatform.with(programmes: []) { test in
            let before = RegistryProgramme().migrations.filter { $0.version < 6 }
            try await Migrator(database: test.owner).migrate([
                CoreSchema.migrations, MigrationSet(owner: RegistryProgramme.id, migrations: before)
            ])
            let child = try await test.owner.transaction { connection in
                try await test.platform.context.children.register(
                    try ChildRepository.validate(
                        NewChild(
                            idNumber: "320412201505050015", name: "张三明", residenceDistrict: "320412100201", hukouDistrict: "320412100201"),
                        today: WallClock.system.today()),
                    on: connection)
            }
            try await test.owner.withConnection { connection in
                try await connection.run(
                    """
                    INSERT INTO registry.files (child_id, residence_district, hukou_district, responsible_district, birth_date, name, contacts, risk_colour, next_visit_due)
                    VALUES (\(child.id), 320412100201, 320412100201, 320412100201, '2015-05-05', '张三明',
                            '[{"name": "张奶奶", "relationship": "祖母", "phone": "13812345678"}, {"name": "邻居", "relationship": "其他", "phone": "5551"}]', 'green', '2026-12-01')
                    """, logger: test.logger)
                try await connection.run(
                    """
                    INSERT INTO registry.workers (district, role, name, phone, appointed_on, recorded_by)
                    VALUES (320412100201, 'director', '王芳', ' 13900001111 ', '2025-03-01', 'test'), (320412100201, 'director', '李强', NULL, '2025-03-01', 'test')
                    """, logger: test.logger)
            }
            let platform = Platform(
                database: test.platform.database, owner: test.owner, keyring: test.platform.keyring, programmes: [RegistryProgramme()],
                logger: test.logger)
            #expect(try await platform.migrate().map(\.version).first == 6)
            #expect(try await plaintextPhones(test) == [])
            let keyring = test.platform.keyring
            let (contacts, cipher, key, workers) = try await test.owner.withConnection { connection in
                let file = try await connection.query(
                    "SELECT contacts::text, contacts_cipher, contacts_key FROM registry.files", logger: test.logger
                )
                .decode((String, Data, String).self).first()
                let workers = try await connection.query(
                    "SELECT name, phone_masked, phone_cipher, phone_key FROM registry.workers ORDER BY phone_masked NULLS FIRST",
                    logger: test.logger
                )
                .decode((String, String?, Data?, String?).self).collect()
                return (file?.0, file?.1, file?.2, workers)
            }
            #expect(key == keyring.current.active)
            let masked = SealedContacts(masked: try #require(contacts), cipher: nil, keyID: nil).maskedContacts
            #expect(masked.map(\.phone) == ["138****5678", "****"])
            let opened = SealedContacts(masked: "[]", cipher: cipher, keyID: key).opened(keyring: keyring)
            #expect(opened.map(\.phone) == ["13812345678", "5551"])
            #expect(opened.map(\.name) == ["张奶奶", "邻居"])
            #expect(workers.map(\.1) == [nil, "139****1111"])
            let sealed = try #require(workers.last)
            #expect(sealed.3 == keyring.current.active)
            #expect(
                keyring.open(try #require(sealed.2), keyID: try #require(sealed.3), field: WorkforceRepository.phoneColumn.field)
                    == "13900001111")
            let plaintextColumn = try await test.owner.withConnection {
                try await $0.query(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'registry' AND table_name = 'workers' AND column_name = 'phone'",
                    logger: test.logger
                ).decode(Int.self).first()
            }
            #expect(plaintextColumn == 0)
        }
    }
}
