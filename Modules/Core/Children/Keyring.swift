import Crypto
import Foundation
import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// The keys that protect ID numbers and other sealed fields (phone numbers): AES-256-GCM encryption keys by key id
/// (one active; older ones kept to read rows not yet rotated) and the HMAC-SHA-256 key of the blind index used for
/// exact lookup of ID numbers.
///
/// Stored as JSON `{"active":"k1","keys":{"k1":"<base64>"},"blindIndex":"<base64>"}`: the embedded default
/// writes it to `<data dir>/keys.json` with mode 0600; production passes the file with `TONGHU_KEYRING_FILE`.
public struct Keyring: Sendable, Codable {
    public let active: String
    let keys: [String: Data]
    let blindIndex: Data

    /// The field of ID numbers, bound into their ciphertexts.
    public static let idNumberField = "core.children.id_number"

    public init(active: String, keys: [String: Data], blindIndex: Data) throws(Problem) {
        guard let key = keys[active], key.count == 32, blindIndex.count >= 32, keys.values.allSatisfy({ $0.count == 32 }) else {
            throw Problem(
                kind: "keyring", status: 500, title: .init(zh: "密钥配置错误", en: "Bad keyring"),
                detail: .init(
                    zh: "密钥文件无效: 需要 32 字节的加密密钥和至少 32 字节的索引密钥", en: "keyring needs 32-byte keys and a blind-index key of at least 32 bytes"))
        }
        _ = key
        self.active = active
        self.keys = keys
        self.blindIndex = blindIndex
    }

    /// A new keyring with one fresh key `k1`.
    public static func generate() -> Keyring {
        try! Keyring(active: "k1", keys: ["k1": Self.randomKey()], blindIndex: Self.randomKey())
    }

    /// This keyring plus a fresh active key (the old ones stay for reading).
    public func rotated() -> Keyring {
        let next = "k\((keys.keys.compactMap { Int($0.dropFirst()) }.max() ?? 0) + 1)"
        var keys = self.keys
        keys[next] = Self.randomKey()
        return try! Keyring(active: next, keys: keys, blindIndex: blindIndex)
    }

    public var keyIDs: [String] { keys.keys.sorted() }

    /// The ID number as an AES-GCM sealed box under the active key.
    public func seal(_ id: CitizenID) -> (keyID: String, ciphertext: Data) {
        seal(id.value, field: Self.idNumberField)
    }

    /// The ID number sealed under `keyID`; `nil` when the key is unknown here or the ciphertext was tampered with.
    public func open(_ ciphertext: Data, keyID: String) -> String? {
        open(ciphertext, keyID: keyID, field: Self.idNumberField)
    }

    /// AES-GCM sealed box (nonce ‖ ciphertext ‖ tag) of `text` under the active key. `field` (e.g.
    /// `registry.workers.phone`) is bound into the box, so a value cannot be moved to another column and still open.
    public func seal(_ text: String, field: String) -> (keyID: String, ciphertext: Data) {
        let box = try! AES.GCM.seal(Data(text.utf8), using: SymmetricKey(data: keys[active]!), authenticating: Data(field.utf8))
        return (active, box.combined!)
    }

    /// The text of `field` sealed under `keyID`; `nil` when the key is unknown here, the box was tampered with or
    /// belongs to another field.
    public func open(_ ciphertext: Data, keyID: String, field: String) -> String? {
        guard let key = keys[keyID], let box = try? AES.GCM.SealedBox(combined: ciphertext),
            let plain = try? AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: Data(field.utf8))
        else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// HMAC-SHA-256 of the normalised number: equal numbers give equal indexes; the number cannot be recovered.
    public func blindIndex(_ id: CitizenID) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(id.value.utf8), using: SymmetricKey(data: blindIndex)))
    }

    static func randomKey() -> Data { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } }

    // MARK: - Files

    public static func load(from url: URL) throws -> Keyring {
        try JSONDecoder().decode(Keyring.self, from: Data(contentsOf: url))
    }

    /// Writes atomically with mode 0600 (owner read/write only).
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = url.appendingPathExtension("new")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: try encoder.encode(self), attributes: [.posixPermissions: 0o600])
        else {
            throw Problem.invalid("TONGHU_KEYRING_FILE", "无法写入密钥文件 \(url.path)", "cannot write the keyring \(url.path)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw Problem.invalid("TONGHU_KEYRING_FILE", "无法写入密钥文件 \(url.path)", "cannot write the keyring \(url.path)")
        }
    }

    /// Loads `url`, creating a fresh keyring there first when it does not exist (the embedded default).
    public static func loadOrCreate(at url: URL) throws -> Keyring {
        if FileManager.default.fileExists(atPath: url.path) { return try load(from: url) }
        let keyring = generate()
        try keyring.write(to: url)
        return keyring
    }
}
