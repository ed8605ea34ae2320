import Contract
import Foundation
import Testing

@testable import DropoutControl

/// Dropout control's answers that depend on the day, computed "as of" another day through the real router.
@Suite("dropout control as of another day")
struct DropoutClockTests {
    @Test("as of 2027-03-15 the indicators' home-teaching month defaults to 2027-03; a month asked for is kept")
    func indicatorsMonth() async throws {
        let day = try #require(CalendarDate("2027-03-15"))
        try await DropoutFixture.with(clock: WallClock(asOf: day)) { _, client, tokens in
            let path = "/api/v1/dropout-control/indicators?district=320412000000&term=\(DropoutFixture.term)"
            let current = try await client.call(.get, path, token: tokens.viewer)
            #expect(current.status == .ok, "\(current.text)")
            #expect((current.body["homeTeaching"] as? [String: Any])?["month"] as? String == "2027-03")
            let asked = try await client.call(.get, path + "&month=2026-04", token: tokens.viewer)
            #expect((asked.body["homeTeaching"] as? [String: Any])?["month"] as? String == "2026-04")
        }
    }
}
