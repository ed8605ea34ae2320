import Database
import Foundation
import NIOCore
import PostgresNIO
import Vocabulary

/// A column of values sealed with the keyring (`Keyring.seal(_:field:)`) beside the column of their key ids. The core
/// declares ID numbers; a programme declares its own (`Programme.sealedColumns`, e.g. phone numbers), so
/// `tonghu keys rotate` re-encrypts all of them, and a migration can move a plaintext column into one.
public struct SealedColumn: Sendable, Hashable {
    /// Schema-qualified table, e.g. `registry.workers`.
    public let table: String
    /// The primary-key column and its SQL type.
    public let row: String
    public let rowType: String
    public let cipher: String
    public let keyID: String
    /// Bound into every box (`Keyring.seal(_:field:)`).
    public let field: String

    public init(table: String, row: String, rowType: String, cipher: String, keyID: String, field: String) {
        self.table = table
        self.row = row
        self.rowType = rowType
        self.cipher = cipher
        self.keyID = keyID
        self.field = field
    }

    /// The key id of values a migration moved out of a plaintext column, as their UTF-8 bytes: not sealed yet.
    /// `reencrypt(onlyStaged: true)` seals them right after the migrations of the same run.
    public static let staged = "plaintext"

    /// 身份证号 in the core's children index.
    public static let idNumbers = SealedColumn(
        table: "core.children", row: "id", rowType: "uuid", cipher: "id_number_cipher",
        keyID: "id_number_key", field: Keyring.idNumberField)

    /// Seals again under the active key, in batches, every value not under it (or, with `onlyStaged`, only the staged
    /// plaintext); returns how many were rewritten. Runs as the owner (no scope), rows locked `FOR UPDATE SKIP LOCKED`,
    /// so the gateway keeps serving.
    public func reencrypt(keyring: KeyringSource, database: Database, onlyStaged: Bool = false, batchSize: Int = 1_000) async throws -> Int
    {
        let current = keyring.current
        var total = 0
        while true {
            let done = try await database.transaction { connection in
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: row)::text, \(unescaped: cipher), \(unescaped: keyID) FROM \(unescaped: table)
                    WHERE \(unescaped: keyID) \(unescaped: onlyStaged ? "=" : "<>") \(onlyStaged ? Self.staged : current.active)
                    LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
                    """, logger: database.logger
                ).decode((String, Data, String).self).collect()
                var ids: [String] = []
                var ciphers: [ByteBuffer] = []
                for (id, box, key) in rows {
                    guard
                        let plain = key == Self.staged ? String(decoding: box, as: UTF8.self) : keyring.open(box, keyID: key, field: field)
                    else {
                        throw Problem(
                            kind: "keyring", status: 500, title: .init(zh: "密钥缺失", en: "Missing key"),
                            detail: .init(
                                zh: "无法解密 \(table) 中 \(id) 的 \(field) (密钥 \(key))",
                                en: "cannot decrypt \(field) of \(table) \(id) (key \(key))"))
                    }
                    ids.append(id)
                    ciphers.append(ByteBuffer(bytes: current.seal(plain, field: field).ciphertext))
                }
                if !ids.isEmpty {
                    try await connection.run(
                        """
                        UPDATE \(unescaped: table) AS t SET \(unescaped: cipher) = u.cipher, \(unescaped: keyID) = \(current.active)
                        FROM unnest(\(ids)::text[], \(ciphers)::bytea[]) AS u(row, cipher) WHERE t.\(unescaped: row) = u.row::\(unescaped: rowType)
                        """, logger: database.logger)
                }
                return ids.count
            }
            total += done
            if done < batchSize { return total }
        }
    }
}
