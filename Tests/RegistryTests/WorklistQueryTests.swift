import Contract
import PostgresNIO
import Testing

@testable import Registry

@Suite("工作清单: 按居住县取逾期索引")
struct WorklistQueryTests {
    @Test(
        "a county and anything below it reads one county of the overdue index; a city or province a range of counties",
        arguments: [
            ("320412000000", "residence_county = $1", 1), ("320412100000", "residence_county = $1", 1),
            ("320412100201", "residence_county = $1", 1),
            ("320400000000", "residence_county BETWEEN $1 AND $2", 2), ("320000000000", "residence_county BETWEEN $1 AND $2", 2)
        ])
    func countyCondition(district: String, sql: String, binds: Int) throws {
        let range = try #require(DistrictCode(district)).subtree
        let query: PostgresQuery = "\(countyOf: range)"
        #expect(query.sql == sql)
        #expect(query.binds.count == binds)
    }
}
