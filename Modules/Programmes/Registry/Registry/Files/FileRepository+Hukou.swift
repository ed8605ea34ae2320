import Contract
import Foundation
import PostgresNIO

extension FileRepository {
    /// 户籍地区划 of each of `children` (from the master index), for the roster export so it reads back as an import.
    func hukouDistricts(of children: [UUID], _ connection: PostgresConnection) async throws -> [UUID: DistrictCode] {
        var districts: [UUID: DistrictCode] = [:]
        for try await (child, district) in try await connection.query(
            "SELECT id, hukou_district FROM core.children WHERE id = ANY(\(children))", logger: logger
        ).decode((UUID, DistrictCode).self) {
            districts[child] = district
        }
        return districts
    }
}
