import Database
import Districts
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Vocabulary

/// Reads and writes `core.children`. Every method runs on a connection inside the caller's scoped transaction,
/// so row-level security decides what exists for the caller.
public struct ChildRepository: Sendable {
    public let keyring: KeyringSource
    let logger: Logger

    public init(keyring: KeyringSource, logger: Logger) {
        self.keyring = keyring
        self.logger = logger
    }

    /// A request to register that passed every check that needs no database.
    public struct Validated: Sendable {
        public let id: CitizenID
        public let name: String
        public let residence: DistrictCode
        public let hukou: DistrictCode
    }

    /// Checks the ID number (GB 11643), the name and both district codes; the error names the field.
    public static func validate(_ request: NewChild, today: CalendarDate) throws(Problem) -> Validated {
        let id = try CitizenID(request.idNumber, today: today)
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 50 else {
            throw Problem.invalid("name", "姓名不能为空, 且不超过 50 个字", "name must be 1 to 50 characters")
        }
        if let sex = request.sex, sex != id.sex {
            throw Problem.invalid("sex", "性别与身份证号第 17 位不符", "sex disagrees with the 17th digit of the ID number")
        }
        guard let residence = DistrictCode(request.residenceDistrict) else {
            throw Problem.invalid("residenceDistrict", "居住地区划代码应为 12 位统计用区划代码", "residenceDistrict must be a 12-digit district code")
        }
        guard let hukou = DistrictCode(request.hukouDistrict) else {
            throw Problem.invalid("hukouDistrict", "户籍地区划代码应为 12 位统计用区划代码", "hukouDistrict must be a 12-digit district code")
        }
        return Validated(id: id, name: name, residence: residence, hukou: hukou)
    }

    /// Inserts the child; a second child with the same ID number is `DuplicateChild` (409 naming the county that holds it).
    public func register(_ child: Validated, on connection: PostgresConnection) async throws -> Child {
        try await requireInForce(child.residence, field: "residenceDistrict", on: connection)
        try await requireInForce(child.hukou, field: "hukouDistrict", on: connection)
        let index = keyring.current.blindIndex(child.id)
        let sealed = keyring.current.seal(child.id)
        let rows = try await connection.query(
            """
            INSERT INTO core.children (id_number_cipher, id_number_key, id_number_index, id_number_masked, name, sex, birth_date, residence_district, hukou_district)
            VALUES (\(sealed.ciphertext), \(sealed.keyID), \(index), \(child.id.masked), \(child.name), \(child.id.sex.rawValue), \(child.id.birthDate.description)::date, \(child.residence.value), \(child.hukou.value))
            ON CONFLICT (id_number_index) DO NOTHING
            RETURNING id
            """, logger: logger)
        guard let id = try await rows.decode(UUID.self).first() else {
            throw try await duplicate(index, on: connection)
        }
        return Child(
            id: id, idNumberMasked: child.id.masked, idNumber: nil, name: child.name, sex: child.id.sex,
            birthDate: child.id.birthDate, residenceDistrict: child.residence, hukouDistrict: child.hukou,
            sealedIDNumber: SealedText(ciphertext: sealed.ciphertext, keyID: sealed.keyID))
    }

    /// Several children at once (bulk import): the valid ones are inserted, a duplicate ID number is reported
    /// with its index in `children` and the existing record's id; nothing else is written for it.
    public func registerBatch(_ children: [Validated], on connection: PostgresConnection) async throws -> [Result<UUID, Problem>] {
        let indexes = children.map { keyring.current.blindIndex($0.id) }
        let sealed = children.map { keyring.current.seal($0.id) }
        let rows = try await connection.query(
            """
            INSERT INTO core.children (id_number_cipher, id_number_key, id_number_index, id_number_masked, name, sex, birth_date, residence_district, hukou_district)
            SELECT * FROM unnest(\(sealed.map { ByteBuffer(bytes: $0.ciphertext) }), \(sealed.map(\.keyID)), \(indexes.map { ByteBuffer(bytes: $0) }), \(children.map(\.id.masked)), \(children.map(\.name)),
                                 \(children.map(\.id.sex.rawValue)), \(children.map(\.id.birthDate.description))::date[], \(children.map(\.residence.value)), \(children.map(\.hukou.value)))
            ON CONFLICT (id_number_index) DO NOTHING
            RETURNING id, id_number_index
            """, logger: logger)
        var inserted: [Data: UUID] = [:]
        for try await (id, index) in rows.decode((UUID, Data).self) { inserted[index] = id }
        let missing = indexes.filter { inserted[$0] == nil }
        let existing = missing.isEmpty ? [:] : try await holders(missing, on: connection)
        return indexes.map { index in
            if let id = inserted.removeValue(forKey: index) { return .success(id) }
            return .failure((existing[index] ?? DuplicateChild.holderUnknown).problem)
        }
    }

    /// The child with `id` if the caller's scope covers it, the ID number sealed.
    public func find(_ id: UUID, on connection: PostgresConnection) async throws -> Child? {
        try await connection.execute(FetchChild(id: id), logger: logger).first().map(decode)
    }

    /// The child with `id` if `scope` covers it, in one round trip outside any explicit transaction: the hot path
    /// of opening a child's record (`core.read_child` sets the scope for its own statement only).
    public func find(_ id: UUID, scope: DistrictScope, actor: String, on database: Database) async throws -> Child? {
        try await database.client.execute(ReadChildInScope(scope: scope.multirange, actor: actor, id: id), logger: logger)
            .first().map(decode)
    }

    /// Exact lookup by ID number through the blind index, within the caller's scope.
    public func lookup(_ idNumber: CitizenID, on connection: PostgresConnection) async throws -> Child? {
        let rows = try await connection.query(
            "SELECT \(unescaped: FetchChild.columns) FROM core.children WHERE id_number_index = \(keyring.current.blindIndex(idNumber))",
            logger: logger)
        return try await rows.decode(FetchChild.Row.self).first().map(decode)
    }

    /// `child` with its ID number opened from the sealed one (left out when it cannot be opened). Only for a view that
    /// shows it: `Call.reveal` decides and audits.
    public func unmasked(_ child: Child) -> Child {
        var child = child
        child.idNumber = child.sealedIDNumber.flatMap { keyring.open($0.ciphertext, keyID: $0.keyID) }
        return child
    }

    /// Re-encrypts, in batches, every ID number not under the active key; returns how many were rewritten
    /// (`SealedColumn.idNumbers`: as the owner, rows locked `FOR UPDATE SKIP LOCKED`, so the gateway keeps serving).
    public func reencrypt(database: Database, batchSize: Int = 1_000) async throws -> Int {
        try await SealedColumn.idNumbers.reencrypt(keyring: keyring, database: database, batchSize: batchSize)
    }

    // MARK: - Helpers

    private func requireInForce(_ code: DistrictCode, field: String, on connection: PostgresConnection) async throws {
        let found = try await connection.query(
            "SELECT 1 FROM core.districts WHERE code = \(code.value) AND valid_to IS NULL", logger: logger
        ).collect()
        guard !found.isEmpty else {
            throw Problem.invalid(field, "区划 \(code) 不存在或已撤销", "\(field): district \(code) does not exist or was retired")
        }
    }

    private func duplicate(_ index: Data, on connection: PostgresConnection) async throws -> DuplicateChild {
        try await holders([index], on: connection)[index] ?? DuplicateChild.holderUnknown
    }

    /// Who holds each registered ID number among `indexes` (by blind index), as a duplicate registration reports it.
    public func holders(_ indexes: [Data], on connection: PostgresConnection) async throws -> [Data: DuplicateChild] {
        var holders: [Data: DuplicateChild] = [:]
        let rows = try await connection.query(
            "SELECT index, id, visible_id, county, county_name FROM core.child_holders(\(indexes.map { ByteBuffer(bytes: $0) }))",
            logger: logger)
        for try await (index, id, visible, county, name) in rows.decode((Data, UUID, UUID?, Int64?, String?).self) {
            holders[index] = DuplicateChild(
                child: id, visibleChild: visible, county: county.flatMap(DistrictCode.init(value:)), countyName: name)
        }
        return holders
    }

    func decode(_ row: FetchChild.Row) -> Child {
        let (id, cipher, keyID, masked, name, sex, birth, residence, hukou) = row
        return Child(
            id: id, idNumberMasked: masked, idNumber: nil, name: name, sex: CitizenID.Sex(rawValue: sex) ?? .male, birthDate: birth,
            residenceDistrict: residence, hukouDistrict: hukou, sealedIDNumber: SealedText(ciphertext: cipher, keyID: keyID))
    }
}

/// The hot path — one child by id — as a named prepared statement.
struct FetchChild: PostgresPreparedStatement {
    static let columns =
        "id, id_number_cipher, id_number_key, id_number_masked, name, sex, birth_date, residence_district, hukou_district"
    static let sql = "SELECT \(columns) FROM core.children WHERE id = $1"
    typealias Row = (UUID, Data, String, String, String, String, CalendarDate, DistrictCode, DistrictCode)

    let id: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// `core.read_child` as a named prepared statement (the function, fixed by its migration, returns the birth date as text).
struct ReadChildInScope: PostgresPreparedStatement {
    static let sql = """
        SELECT id, id_number_cipher, id_number_key, id_number_masked, name, sex, birth_date::date, residence_district, hukou_district
        FROM core.read_child($1, $2, $3)
        """
    typealias Row = FetchChild.Row

    let scope: String
    let actor: String
    let id: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(scope)
        bindings.append(actor)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
