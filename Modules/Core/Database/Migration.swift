import Crypto
import Foundation

/// One ordered schema change of a programme (or of the core). Never edit one that has been applied:
/// the runner compares checksums and refuses to run when they differ.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(_ version: Int, _ name: String, _ sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the statements (whitespace at either end ignored), hex.
    public var checksum: String {
        SHA256.hash(data: Data(sql.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
            .map { String(format: "%02x", $0) }.joined()
    }
}

/// The migrations one owner (the core or a programme id) applies, in version order.
public struct MigrationSet: Sendable {
    public let owner: String
    public let migrations: [Migration]

    public init(owner: String, migrations: [Migration]) {
        self.owner = owner
        self.migrations = migrations.sorted { $0.version < $1.version }
    }
}

/// What the runner did or would do with one migration.
public struct MigrationStep: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable { case applied, pending }
    public let owner: String
    public let version: Int
    public let name: String
    public let state: State
}
