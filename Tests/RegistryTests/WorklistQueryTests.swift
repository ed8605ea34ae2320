import Contract
import PostgresNIO
import TestSupport
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
        let query: PostgresQuery = "\(county: "residence_county", of: range)"
        #expect(query.sql == sql)
        #expect(query.binds.count == binds)
    }

    @Test("with the county bound, the most urgent files of a county come from the overdue index in due order, without a sort")
    func boundPlan() async throws {
        try await TestPlatform.with(programmes: [RegistryProgramme()]) { test in
            let range = TestPlatform.county.subtree
            let day = try #require(CalendarDate("2026-06-01"))
            let plan = try await test.owner.transaction { connection in
                try await connection.run("SET LOCAL enable_seqscan = off", logger: test.logger)
                return try await connection.query(
                    """
                    EXPLAIN SELECT child_id FROM registry.files
                    WHERE \(county: "residence_county", of: range) AND residence_district BETWEEN \(range.lowerBound) AND \(range.upperBound)
                      AND next_visit_due < \(day)
                    ORDER BY next_visit_due, child_id LIMIT \(200)
                    """, logger: test.logger
                ).decode(String.self).collect().joined(separator: "\n")
            }
            #expect(plan.contains("files_overdue"), "\(plan)")
            #expect(!plan.contains("Sort"), "\(plan)")
        }
    }
}
