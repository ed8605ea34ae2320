import Contract
import Foundation
import Testing

@testable import Registry

@Suite("名单 JSON: 与 JSONEncoder 逐字节相同")
struct RosterJSONTests {
    static let awkward = "张\"三\\明/\u{0}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}é😀\u{2028}"

    static func entry(_ name: String, categories: [String]) -> RosterEntry {
        RosterEntry(
            id: UUID(), name: name, idNumberMasked: "320412********0015", birthDate: CalendarDate("2015-05-05")!,
            residenceDistrict: DistrictCode("320412100201")!, riskColour: "blue", nextVisitDue: CalendarDate("2026-12-01")!,
            categories: categories)
    }

    /// What `Call.json` gave before rosters wrote themselves.
    static func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func written(_ value: some JSONWritable) -> [UInt8] {
        var writer = JSONWriter()
        writer.value(value)
        return writer.bytes
    }

    @Test("a roster page, with and without a next cursor, and with names that need escaping")
    func rosterPage() throws {
        let entries = [Self.entry("王浩然", categories: []), Self.entry(Self.awkward, categories: ["rural-left-behind", Self.awkward])]
        for page in [
            RosterPage(children: entries, next: UUID()), RosterPage(children: entries, next: nil), RosterPage(children: [], next: nil)
        ] {
            #expect(Self.written(page) == (try Self.encoded(page)))
        }
    }

    @Test("a work list with its counts per district")
    func worklist() throws {
        let list = WorklistRepository.Worklist(
            district: DistrictCode("320412000000")!, asOf: CalendarDate("2026-11-30")!, total: 1_234_567,
            byDistrict: [
                .init(district: DistrictCode("320412100000")!, count: 0), .init(district: DistrictCode("320412101000")!, count: 1_234_567)
            ],
            children: [Self.entry(Self.awkward, categories: ["orphan"])])
        #expect(Self.written(list) == (try Self.encoded(list)))
        let empty = WorklistRepository.Worklist(
            district: DistrictCode("320412100201")!, asOf: CalendarDate("2026-11-30")!, total: 0, byDistrict: [], children: [])
        #expect(Self.written(empty) == (try Self.encoded(empty)))
    }
}
