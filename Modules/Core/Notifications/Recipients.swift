import Districts
import Foundation
import Logging
import PostgresNIO

/// Who holds a role nearest a district: its holders there or, when nobody holds it there, in the nearest district
/// above (the district code's lineage, up to the province). Disabled users are never told.
enum Recipients {
    struct Recipient: Sendable {
        let id: UUID
        let username: String
    }

    static func nearest(_ role: String, from district: DistrictCode, on connection: PostgresConnection, logger: Logger) async throws
        -> (DistrictCode, [Recipient])?
    {
        // A district's code is numerically above every ancestor's (the ancestor's is the same code truncated), so the
        // largest code among the holders is the nearest district.
        let holders = try await connection.query(
            """
            SELECT g.district, u.id, u.username FROM core.grants g JOIN core.users u ON u.id = g.user_id
            WHERE g.role = \(role) AND g.district = ANY(\(district.lineage)) AND NOT u.disabled
            ORDER BY g.district DESC, u.username
            """, logger: logger
        ).decode((DistrictCode, UUID, String).self).collect()
        guard let nearest = holders.first?.0 else { return nil }
        let recipients = holders.filter { $0.0 == nearest }.map { Recipient(id: $0.1, username: $0.2) }
        var seen = Set<UUID>()
        return (nearest, recipients.filter { seen.insert($0.id).inserted })
    }
}
