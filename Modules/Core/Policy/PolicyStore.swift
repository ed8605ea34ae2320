import Database
import Districts
import Foundation
import Logging
import PostgresNIO
import Vocabulary

/// Versioned, district-scoped settings in `core.policy_settings`. Settings are never updated: a change is a new
/// version with its own effective date. Resolution walks up the district tree — village, township, county, city,
/// province, nation — and takes the nearest district's latest version in force on the date asked about.
public struct PolicyStore: Sendable {
    let logger: Logger
    public let keys: [String: PolicyKey]

    public init(keys: [PolicyKey], logger: Logger) {
        self.keys = Dictionary(keys.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    /// Records a new version; `value` must be JSON and the key declared by an enabled programme.
    public func set(
        _ key: String, district: DistrictCode?, effectiveFrom: CalendarDate, value: String, source: String,
        on connection: PostgresConnection
    ) async throws {
        guard keys[key] != nil else {
            throw Problem.invalid("key", "未声明的政策参数 \(key) (用 tonghu policy list 查看)", "undeclared policy key \(key)")
        }
        guard (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)) != nil else {
            throw Problem.invalid("value", "参数值必须是 JSON (字符串要加引号)", "value must be JSON")
        }
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem.invalid("source", "必须注明依据文件", "source document is required")
        }
        do {
            try await connection.run(
                """
                INSERT INTO core.policy_settings (key, district, effective_from, value, source)
                VALUES (\(key), \(district?.value), \(effectiveFrom.description)::date, \(value)::jsonb, \(source))
                """, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw Problem.conflict("\(key) 在该区划该日期已有设置, 请使用新的生效日期", "a version for this district and date exists", field: "effectiveFrom")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw Problem.invalid("district", "区划 \(district.map(String.init(describing:)) ?? "") 不存在", "unknown district")
        }
    }

    /// The value in force for `district` on `date`, with where it came from; the declared default when nothing is set.
    public func resolve(_ key: String, district: DistrictCode, on date: CalendarDate, on connection: PostgresConnection) async throws
        -> PolicySetting
    {
        let lineage = district.lineage.map(\.value)
        let found = try await connection.query(
            """
            SELECT value::text, district, effective_from, source FROM core.policy_settings
            WHERE key = \(key) AND (district IS NULL OR district = ANY(\(lineage))) AND effective_from <= \(date.description)::date
            ORDER BY district DESC NULLS LAST, effective_from DESC LIMIT 1
            """, logger: logger
        ).decode((String, Int64?, CalendarDate, String).self).first()
        if let (value, from, effective, source) = found {
            return PolicySetting(
                key: key, district: from.map(String.init), effectiveFrom: effective, value: value, source: source)
        }
        guard let declared = keys[key] else {
            throw Problem.invalid("key", "未声明的政策参数 \(key)", "undeclared policy key \(key)")
        }
        return PolicySetting(
            key: key, district: nil, effectiveFrom: CalendarDate(year: 1949, month: 10, day: 1)!, value: declared.defaultValue,
            source: declared.source)
    }

    /// Decodes the resolved value as `T`.
    public func value<T: Decodable>(
        _ key: String, as type: T.Type, district: DistrictCode, on date: CalendarDate, on connection: PostgresConnection
    ) async throws -> T {
        let setting = try await resolve(key, district: district, on: date, on: connection)
        return try JSONDecoder().decode(T.self, from: Data(setting.value.utf8))
    }

    /// Every version of `key` (or of all keys), newest first.
    public func history(_ key: String?, on connection: PostgresConnection) async throws -> [PolicySetting] {
        let rows = try await connection.query(
            """
            SELECT key, district, effective_from, value::text, source FROM core.policy_settings
            WHERE \(key)::text IS NULL OR key = \(key) ORDER BY key, district NULLS FIRST, effective_from DESC
            """, logger: logger)
        var settings: [PolicySetting] = []
        for try await (key, district, effective, value, source) in rows.decode((String, Int64?, CalendarDate, String, String).self) {
            settings.append(
                PolicySetting(
                    key: key, district: district.map(String.init), effectiveFrom: effective, value: value, source: source))
        }
        return settings
    }
}
