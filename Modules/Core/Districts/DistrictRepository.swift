import Database
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// Reads and changes the district tree in `core.districts`, keeping every change in `core.district_changes`.
public struct DistrictRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = "code, name, level, parent, to_char(valid_from, 'YYYY-MM-DD'), to_char(valid_to, 'YYYY-MM-DD'), successor"

    public func find(_ code: DistrictCode) async throws -> District? {
        try await database.withConnection { connection in
            try await Self.districts(
                connection.query(
                    "SELECT \(unescaped: Self.columns) FROM core.districts WHERE code = \(code.value)", logger: database.logger)
            ).first
        }
    }

    /// The sub-districts in force directly under `code`, ordered by code.
    public func children(of code: DistrictCode) async throws -> [District] {
        try await database.withConnection { connection in
            try await Self.districts(
                connection.query(
                    "SELECT \(unescaped: Self.columns) FROM core.districts WHERE parent = \(code.value) AND valid_to IS NULL ORDER BY code",
                    logger: database.logger))
        }
    }

    /// Those of `codes` that exist and are in force (not retired).
    public func inForce(_ codes: Set<DistrictCode>) async throws -> Set<DistrictCode> {
        try await database.withConnection { connection in
            Set(
                try await connection.query(
                    "SELECT code FROM core.districts WHERE valid_to IS NULL AND code = ANY(\(codes.map(\.value)))", logger: database.logger
                ).decode(DistrictCode.self).collect())
        }
    }

    /// The districts in force in `code`'s subtree down to `depth` levels below it, ordered by code.
    public func subtree(of code: DistrictCode, depth: Int) async throws -> [District] {
        let range = code.subtree
        let maxLevel = min(5, (code.level ?? 5) + depth)
        return try await database.withConnection { connection in
            try await Self.districts(
                connection.query(
                    "SELECT \(unescaped: Self.columns) FROM core.districts WHERE code BETWEEN \(range.lowerBound) AND \(range.upperBound) AND level <= \(maxLevel) AND valid_to IS NULL ORDER BY code",
                    logger: database.logger))
        }
    }

    /// Adds one district under its existing parent.
    public func add(_ code: DistrictCode, name: String) async throws {
        try await database.transaction { connection in
            if let parent = code.parent, try await !exists(parent, connection) { throw DistrictError.parentMissing(code) }
            if try await exists(code, connection) { throw DistrictError.alreadyExists(code) }
            try await insert([(code, name)], connection)
            try await record(connection, change: "created", code: code, newName: name)
        }
    }

    /// The outcome of an import: rows added, rows renamed, and the rows refused with their reasons.
    public struct ImportResult: Sendable, Encodable {
        public var added = 0
        public var renamed = 0
        public var rejected: [Problem] = []
    }

    /// Imports `code,name` rows in batches inside one transaction: new codes are added, known codes renamed when
    /// the name differs. A row whose parent is neither in the file nor already known is refused (and so are the
    /// rows under it); every other row is kept.
    public func importRows(_ rows: [(line: Int, code: DistrictCode, name: String)]) async throws -> ImportResult {
        let candidates = rows.sorted { $0.code < $1.code }
        let inFile = Set(candidates.map(\.code))
        return try await database.transaction { connection in
            var known = Set<Int64>()
            let parents = Set(candidates.compactMap(\.code.parent).filter { !inFile.contains($0) })
            if !parents.isEmpty {
                let list = parents.map(\.value)
                for try await code in try await connection.query(
                    "SELECT code FROM core.districts WHERE code = ANY(\(list))", logger: database.logger
                ).decode(Int64.self) {
                    known.insert(code)
                }
            }
            var result = ImportResult()
            var sorted: [(line: Int, code: DistrictCode, name: String)] = []
            for row in candidates {
                if let parent = row.code.parent, !known.contains(parent.value) {
                    result.rejected.append(
                        .invalid(
                            "code", "上级区划 \(parent) 不在文件中 (或该行被拒) 也不在系统中", "parent \(parent) is neither in the file nor known",
                            row: row.line))
                    continue
                }
                known.insert(row.code.value)
                sorted.append(row)
            }
            for start in stride(from: 0, to: sorted.count, by: 5_000) {
                let batch = sorted[start..<min(start + 5_000, sorted.count)]
                let rows = try await connection.query(
                    """
                    WITH incoming AS (
                        SELECT * FROM unnest(\(batch.map(\.code.value)), \(batch.map(\.name)), \(batch.map { Int16($0.code.level!) }), \(batch.map { $0.code.parent?.value ?? -1 }))
                            AS i(code, name, level, parent)
                    ), upserted AS (
                        INSERT INTO core.districts (code, name, level, parent)
                        SELECT code, name, level, NULLIF(parent, -1) FROM incoming
                        ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name WHERE core.districts.name <> EXCLUDED.name
                        RETURNING code, (xmax = 0) AS inserted
                    )
                    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
                    """, logger: database.logger)
                for try await (a, r) in rows.decode((Int, Int).self) {
                    result.added += a
                    result.renamed += r
                }
            }
            result.rejected.sort { ($0.row ?? 0) < ($1.row ?? 0) }
            return result
        }
    }

    /// Renames a district in force; the old name stays in the change history.
    public func rename(_ code: DistrictCode, to name: String, effective: String) async throws {
        try await database.transaction { connection in
            let current = try await inForce(code, connection)
            try await connection.run("UPDATE core.districts SET name = \(name) WHERE code = \(code.value)", logger: database.logger)
            try await record(connection, change: "renamed", code: code, oldName: current.name, newName: name, effective: effective)
        }
    }

    /// Merges `code` (and its subtree) into `target` of the same level: the merged codes are retired with
    /// `target` as successor, and every reference to them is re-homed to `target`.
    public func merge(_ code: DistrictCode, into target: DistrictCode, effective: String, references: [DistrictReference]) async throws
        -> Int
    {
        guard code.level == target.level else { throw DistrictError.levelMismatch(code, target) }
        return try await database.transaction { connection in
            _ = try await inForce(code, connection)
            _ = try await inForce(target, connection)
            let range = code.subtree
            let retired = try await connection.query(
                "SELECT code FROM core.districts WHERE code BETWEEN \(range.lowerBound) AND \(range.upperBound) AND valid_to IS NULL",
                logger: database.logger
            ).collect().map { try $0.decode(Int64.self) }
            let mapping = retired.map { ($0, target.value) }
            let moved = try await rehome(mapping, references: references, connection)
            try await retire(mapping, effective: effective, connection)
            try await record(connection, change: "merged", code: code, newCode: target, effective: effective)
            return moved
        }
    }

    /// Moves `code` under another parent by giving it `newCode` (the code encodes the parent): the subtree gets
    /// new codes with the prefix replaced, the old codes are retired with successors, references re-homed.
    public func move(_ code: DistrictCode, to newCode: DistrictCode, effective: String, references: [DistrictReference]) async throws -> Int
    {
        guard code.level == newCode.level, let level = code.level else { throw DistrictError.levelMismatch(code, newCode) }
        return try await database.transaction { connection in
            _ = try await inForce(code, connection)
            if let parent = newCode.parent { _ = try await inForce(parent, connection) }
            if try await exists(newCode, connection) { throw DistrictError.alreadyExists(newCode) }
            let range = code.subtree
            let subtree = try await Self.districts(
                connection.query(
                    "SELECT \(unescaped: Self.columns) FROM core.districts WHERE code BETWEEN \(range.lowerBound) AND \(range.upperBound) AND valid_to IS NULL ORDER BY code",
                    logger: database.logger))
            let width = DistrictCode.power(12 - DistrictCode.significantDigits[level - 1])
            let mapping = subtree.map { ($0.code.value, newCode.value + $0.code.value % width) }
            let names = Dictionary(uniqueKeysWithValues: subtree.map { ($0.code.value, $0.name) })
            try await insert(mapping.map { (DistrictCode(unchecked: $0.1), names[$0.0]!) }, connection)
            let moved = try await rehome(mapping, references: references, connection)
            try await retire(mapping, effective: effective, connection)
            try await record(connection, change: "moved", code: code, newCode: newCode, effective: effective)
            return moved
        }
    }

    // MARK: - Helpers

    private func exists(_ code: DistrictCode, _ connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT 1 FROM core.districts WHERE code = \(code.value)", logger: database.logger).collect().count == 1
    }

    private func inForce(_ code: DistrictCode, _ connection: PostgresConnection) async throws -> District {
        guard
            let district = try await Self.districts(
                connection.query(
                    "SELECT \(unescaped: Self.columns) FROM core.districts WHERE code = \(code.value) FOR UPDATE", logger: database.logger)
            ).first
        else { throw DistrictError.notFound(code) }
        guard district.validTo == nil else { throw DistrictError.retired(code) }
        return district
    }

    private func insert(_ rows: [(DistrictCode, String)], _ connection: PostgresConnection) async throws {
        try await connection.run(
            """
            INSERT INTO core.districts (code, name, level, parent)
            SELECT code, name, level, NULLIF(parent, -1)
            FROM unnest(\(rows.map(\.0.value)), \(rows.map(\.1)), \(rows.map { Int16($0.0.level!) }), \(rows.map { $0.0.parent?.value ?? -1 })) AS i(code, name, level, parent)
            """, logger: database.logger)
    }

    /// Points every declared reference from each old code to its new code; returns the rows changed.
    private func rehome(_ mapping: [(Int64, Int64)], references: [DistrictReference], _ connection: PostgresConnection) async throws -> Int
    {
        var changed = 0
        for reference in Set(references) {
            let result = try await connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "UPDATE \(reference.table) AS t SET \(reference.column) = m.new FROM unnest($1::int8[], $2::int8[]) AS m(old, new) WHERE t.\(reference.column) = m.old",
                    binds: {
                        var b = PostgresBindings()
                        b.append(mapping.map(\.0))
                        b.append(mapping.map(\.1))
                        return b
                    }()),
                logger: database.logger)
            for try await _ in result {}
            changed +=
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT count(*) FROM \(reference.table) WHERE \(reference.column) = ANY($1::int8[])",
                        binds: {
                            var b = PostgresBindings()
                            b.append(mapping.map(\.1))
                            return b
                        }()),
                    logger: database.logger
                ).collect().first?.decode(Int.self) ?? 0
        }
        return changed
    }

    private func retire(_ mapping: [(Int64, Int64)], effective: String, _ connection: PostgresConnection) async throws {
        try await connection.run(
            """
            UPDATE core.districts AS d SET valid_to = \(effective)::date, successor = m.new
            FROM unnest(\(mapping.map(\.0)), \(mapping.map(\.1))) AS m(old, new) WHERE d.code = m.old
            """, logger: database.logger)
    }

    private func record(
        _ connection: PostgresConnection, change: String, code: DistrictCode, newCode: DistrictCode? = nil,
        oldName: String? = nil, newName: String? = nil, effective: String? = nil
    ) async throws {
        try await connection.run(
            """
            INSERT INTO core.district_changes (change, code, new_code, old_name, new_name, effective)
            VALUES (\(change), \(code.value), \(newCode?.value), \(oldName), \(newName), COALESCE(\(effective)::date, current_date))
            """, logger: database.logger)
    }

    static func districts(_ rows: PostgresRowSequence) async throws -> [District] {
        var result: [District] = []
        for try await (code, name, level, parent, from, to, successor) in rows.decode(
            (Int64, String, Int16, Int64?, String, String?, Int64?).self)
        {
            result.append(
                District(
                    code: DistrictCode(unchecked: code), name: name, level: Int(level),
                    parent: parent.map(DistrictCode.init(unchecked:)), validFrom: from, validTo: to,
                    successor: successor.map(DistrictCode.init(unchecked:))))
        }
        return result
    }
}
