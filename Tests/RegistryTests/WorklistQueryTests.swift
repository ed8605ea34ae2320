import Contract
import Testing

@testable import Registry

@Suite("工作清单: 按居住县取逾期索引")
struct WorklistQueryTests {
    @Test(
        "a county and anything below it reads one county of the overdue index; a city or province a range of counties",
        arguments: [
            ("320412000000", "residence_county = 320412"), ("320412100000", "residence_county = 320412"),
            ("320412100201", "residence_county = 320412"),
            ("320400000000", "residence_county BETWEEN 320400 AND 320499"), ("320000000000", "residence_county BETWEEN 320000 AND 329999")
        ])
    func countyCondition(district: String, expected: String) throws {
        #expect(WorklistRepository.countyCondition(try #require(DistrictCode(district)).subtree) == expected)
    }
}
