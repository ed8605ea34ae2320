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
    public let keys: [String: AnyPolicyKey]

    public init(keys: [AnyPolicyKey], logger: Logger) {
        self.keys = Dictionary(keys.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    /// Records a new version; the key must be declared by an enabled programme and `value` JSON of the key's type.
    public func set(
        _ key: String, district: DistrictCode?, effectiveFrom: CalendarDate, value: String, source: String,
        on connection: PostgresConnection
    ) async throws {
        guard let declared = keys[key] else {
            throw Problem.invalid("key", "未声明的政策参数 \(key) (用 tonghu policy list 查看)", "undeclared policy key \(key)")
        }
        guard (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)) != nil else {
            throw Problem.invalid("value", "参数值必须是 JSON (字符串要加引号)", "value must be JSON")
        }
        guard declared.accepts(value) else {
            throw Problem.invalid(
                "value", "参数值不符合 \(key) 的类型 (默认值形如 \(declared.defaultValue))",
                "value is not of \(key)'s type (the default looks like \(declared.defaultValue))")
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
        if let stored = try await stored(key, district: district, on: date, on: connection) { return stored }
        guard let declared = keys[key] else {
            throw Problem.invalid("key", "未声明的政策参数 \(key)", "undeclared policy key \(key)")
        }
        return PolicySetting(
            key: key, district: nil, effectiveFrom: CalendarDate(year: 1949, month: 10, day: 1)!, value: declared.defaultValue,
            source: declared.source)
    }

    /// The nearest district's latest version of `key` in force on `date`, if any district (or the nation) set one.
    private func stored(_ key: String, district: DistrictCode, on date: CalendarDate, on connection: PostgresConnection) async throws
        -> PolicySetting?
    {
        let lineage = district.lineage.map(\.value)
        let found = try await connection.query(
            """
            SELECT value::text, district, effective_from, source FROM core.policy_settings
            WHERE key = \(key) AND (district IS NULL OR district = ANY(\(lineage))) AND effective_from <= \(date.description)::date
            ORDER BY district DESC NULLS LAST, effective_from DESC LIMIT 1
            """, logger: logger
        ).decode((String, Int64?, CalendarDate, String).self).first()
        return found.map { value, from, effective, source in
            PolicySetting(key: key, district: from.map(String.init), effectiveFrom: effective, value: value, source: source)
        }
    }

    /// The value of `key` in force for `district` on `date`, as the key's type; the declared default when nothing is
    /// set. A stored value that does not decode (set before the key had its type) throws `DecodingError`.
    public func value<Value>(of key: PolicyKey<Value>, in district: DistrictCode, on date: CalendarDate, on connection: PostgresConnection)
        async throws -> Value
    {
        try await setting(of: key, in: district, on: date, on: connection).value
    }

    /// The value as `value(of:in:on:on:)` gives it, with the document it comes from.
    public func setting<Value>(
        of key: PolicyKey<Value>, in district: DistrictCode, on date: CalendarDate, on connection: PostgresConnection
    )
        async throws -> (value: Value, source: String)
    {
        guard let stored = try await stored(key.key, district: district, on: date, on: connection) else {
            return (key.defaultValue, key.source)
        }
        return (try JSONDecoder().decode(Value.self, from: Data(stored.value.utf8)), stored.source)
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
