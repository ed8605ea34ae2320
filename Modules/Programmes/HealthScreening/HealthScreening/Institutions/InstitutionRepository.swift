import Contract
import Foundation
import PostgresNIO

/// The SQL of institutions and their staff, on the connection it is given (under the caller's scope).
struct InstitutionRepository: Sendable {
    let context: ProgrammeContext

    /// Records an institution in `district` (in the caller's scope); one name per district (409 on `name`).
    func create(_ title: String, kind: Institution.Kind, district: DistrictCode, by actor: String, on connection: PostgresConnection)
        async throws -> Institution
    {
        let id = try await connection.query(
            """
            INSERT INTO health_screening.institutions (name, kind, district, created_by, created_at)
            VALUES (\(title), \(kind.rawValue), \(district), \(actor), \(context.clock.now()))
            ON CONFLICT (district, name) DO NOTHING RETURNING id
            """, logger: context.logger
        ).decode(UUID.self).first()
        guard let id else { throw Problem.conflict("该区划已有同名机构", "an institution of this name exists in the district", field: "title") }
        return Institution(id: id, title: title, kind: kind, district: district)
    }

    /// The institutions the connection sees in `district`'s subtree (everywhere without it), of `kind` when given, by district
    /// and name.
    func institutions(in district: DistrictCode?, kind: Institution.Kind?, on connection: PostgresConnection) async throws -> [Institution]
    {
        let range = district?.subtree ?? 0...Int64.max
        return try await connection.query(
            """
            SELECT id, name, kind, district FROM health_screening.institutions
            WHERE district BETWEEN \(range.lowerBound) AND \(range.upperBound) AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
            ORDER BY district, name, id
            """, logger: context.logger
        ).decode((UUID, String, Institution.Kind, DistrictCode).self).collect().map {
            Institution(id: $0.0, title: $0.1, kind: $0.2, district: $0.3)
        }
    }

    func institution(_ id: UUID, on connection: PostgresConnection) async throws -> Institution? {
        try await connection.query(
            "SELECT id, name, kind, district FROM health_screening.institutions WHERE id = \(id)", logger: context.logger
        ).decode((UUID, String, Institution.Kind, DistrictCode).self).first().map {
            Institution(id: $0.0, title: $0.1, kind: $0.2, district: $0.3)
        }
    }

    /// Adds `username` (an existing user, 422 on `username` otherwise) to the institution's staff; 409 when already there.
    func addStaff(_ username: String, to institution: UUID, by actor: String, on connection: PostgresConnection) async throws
        -> InstitutionStaff
    {
        guard
            try await connection.query("SELECT 1 FROM core.users WHERE username = \(username)", logger: context.logger).decode(Int.self)
                .first() != nil
        else { throw Problem.invalid("username", "用户 \(username) 不存在", "no user \(username)") }
        let now = context.clock.now()
        let added = try await connection.query(
            """
            INSERT INTO health_screening.institution_staff (username, institution, added_by, added_at)
            VALUES (\(username), \(institution), \(actor), \(now)) ON CONFLICT DO NOTHING RETURNING 1
            """, logger: context.logger
        ).decode(Int.self).first()
        guard added != nil else { throw Problem.conflict("该用户已属于本机构", "the user belongs to the institution already", field: "username") }
        return InstitutionStaff(username: username, institution: institution, addedAt: now)
    }

    /// The institution's staff, by username.
    func staff(of institution: UUID, on connection: PostgresConnection) async throws -> [InstitutionStaff] {
        try await connection.query(
            """
            SELECT username, institution, added_at FROM health_screening.institution_staff WHERE institution = \(institution) ORDER BY username
            """, logger: context.logger
        ).decode((String, UUID, Date).self).collect().map { InstitutionStaff(username: $0.0, institution: $0.1, addedAt: $0.2) }
    }
}
