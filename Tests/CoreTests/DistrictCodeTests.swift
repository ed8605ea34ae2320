import Districts
import Testing

@Suite("统计用区划代码")
struct DistrictCodeTests {
    @Test("levels follow 2/4/6/9/12 significant digits")
    func levels() {
        #expect(DistrictCode("320000000000")?.level == 1)
        #expect(DistrictCode("320400000000")?.level == 2)
        #expect(DistrictCode("320412000000")?.level == 3)
        #expect(DistrictCode("320412100000")?.level == 4)
        #expect(DistrictCode("320412100201")?.level == 5)
    }

    @Test(
        "codes whose zeros do not fall on a level boundary, or not 12 digits, are refused",
        arguments: ["320412000201", "320400100000", "32041210020", "3204121002011", "32041210020a", "000000000000", "320412 00201"])
    func invalid(_ text: String) {
        #expect(DistrictCode(text) == nil)
    }

    @Test("parent, lineage and subtree")
    func tree() {
        let village = DistrictCode("320412100201")!
        #expect(village.parent == DistrictCode("320412100000"))
        #expect(village.lineage.map(\.description) == ["320000000000", "320400000000", "320412000000", "320412100000", "320412100201"])
        let county = DistrictCode("320412000000")!
        #expect(county.subtree == 320_412_000_000...320_412_999_999)
        #expect(county.contains(village))
        #expect(!DistrictCode("320411000000")!.contains(village))
    }

    @Test("a scope merges overlapping subtrees and narrows to a district")
    func scope() {
        let scope = DistrictScope([DistrictCode("320412000000")!, DistrictCode("320412100000")!, DistrictCode("320411000000")!])
        #expect(scope.ranges.count == 1)
        #expect(scope.multirange == "{[320411000000,320412999999]}")
        let narrowed = scope.narrowed(to: DistrictCode("320412100000")!)
        #expect(narrowed.multirange == "{[320412100000,320412100999]}")
        #expect(scope.narrowed(to: DistrictCode("110000000000")!).isEmpty)
    }
}
