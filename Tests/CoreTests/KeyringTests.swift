import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("身份证号加密 keyring")
struct KeyringTests {
    let id = try! CitizenID("320412201505050015", today: CalendarDate(year: 2026, month: 11, day: 22)!)

    @Test("AES-GCM sealing is authenticated and randomised; the blind index is stable and keyed")
    func sealing() throws {
        let keyring = Keyring.generate()
        let a = keyring.seal(id)
        let b = keyring.seal(id)
        #expect(a.ciphertext != b.ciphertext)
        #expect(keyring.open(a.ciphertext, keyID: a.keyID) == id.value)
        var tampered = a.ciphertext
        tampered[tampered.count - 1] ^= 1
        #expect(keyring.open(tampered, keyID: a.keyID) == nil)
        #expect(keyring.blindIndex(id) == keyring.blindIndex(id))
        #expect(Keyring.generate().blindIndex(id) != keyring.blindIndex(id))
    }

    @Test("a sealed field opens only as that field: a box moved to another column, or read as an ID number, does not open")
    func fields() {
        let keyring = Keyring.generate()
        let phone = keyring.seal("13812345678", field: "registry.workers.phone")
        #expect(keyring.open(phone.ciphertext, keyID: phone.keyID, field: "registry.workers.phone") == "13812345678")
        #expect(keyring.open(phone.ciphertext, keyID: phone.keyID, field: "registry.files.contacts") == nil)
        #expect(keyring.open(phone.ciphertext, keyID: phone.keyID) == nil)
        // ID numbers sealed before fields existed are the field `core.children.id_number`.
        let number = keyring.seal(id)
        #expect(keyring.open(number.ciphertext, keyID: number.keyID, field: Keyring.idNumberField) == id.value)
    }

    @Test("rotation re-encrypts every ID number under the new key; lookups keep working; a process with the old keyring reloads the file")
    func rotation() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let original = Keyring.generate()
        try original.write(to: file)
        try await TestPlatform.with(keyring: original) { test in
            let children = test.platform.context.children
            let registered = try await test.owner.transaction { connection in
                try await children.register(
                    try ChildRepository.validate(
                        NewChild(idNumber: id.value, name: "甲", residenceDistrict: "320412100201", hukouDistrict: "320412100201"),
                        today: WallClock.system.today()),
                    on: connection)
            }
            let rotated = original.rotated()
            try rotated.write(to: file)
            let rotating = ChildRepository(keyring: KeyringSource(rotated, file: file), logger: test.logger)
            #expect(try await rotating.reencrypt(database: test.owner, batchSize: 1) == 1)
            let keys = try await test.owner.withConnection {
                try await $0.query("SELECT DISTINCT id_number_key FROM core.children", logger: test.logger).decode(String.self).collect()
            }
            #expect(keys == [rotated.active])
            // The platform still holds the old keyring in memory: it meets key k2, re-reads the file, decrypts.
            let stale = ChildRepository(keyring: KeyringSource(original, file: file), logger: test.logger)
            let found = try await test.owner.withConnection { stale.unmasked(try #require(try await stale.lookup(id, on: $0))) }
            #expect(found.id == registered.id)
            #expect(found.idNumber == id.value)
            _ = children
        }
    }
}
