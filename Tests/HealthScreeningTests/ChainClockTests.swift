import Contract
import Foundation
import Schedules
import Testing

@testable import HealthScreening

/// Every link's deadline as the engine's planner computes it from the birth datetime in China, each boundary on both
/// sides; a refused consent; a newborn arriving late with its history back-filled.
@Suite struct ChainClockTests {
    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    /// The links of a chain of `declaration` born at `born` with `steps` (link, state, time), as planned and closed.
    static func links(
        _ declaration: ScheduleDeclaration, born: String, arrived: String? = nil, _ steps: [(Link, String, String)]
    ) -> [String: ChainClock.RecordedPlan] {
        let history = steps.map { ChainHistory(link: $0.0, state: $0.1, occurredAt: instant($0.2)) }
        let subject = ChainClock.subject(
            chain: UUID(), district: DistrictCode("320412100201")!, child: nil, bornAt: instant(born), arrivedAt: arrived.map(instant),
            steps: history)
        let plan = ChainClock.plan(declaration, subject, closures: ChainClock.closures(history, in: declaration))
        return Dictionary(uniqueKeysWithValues: plan.map { ($0.item, $0) })
    }

    static func timeliness(_ item: ChainClock.RecordedPlan?, at now: String = "2028-01-01T00:00:00+08:00") -> LinkDeadline.Timeliness? {
        item.map {
            LinkDeadline.timeliness(state: $0.state, dueFrom: $0.dueFrom, dueBy: $0.dueBy, closedAt: $0.closedAt, at: instant(now))
        }
    }

    static let born = "2026-11-20T10:30:00+08:00"
    static let signed: (Link, String, String) = (.consent, "signed", "2026-11-20T12:00:00+08:00")

    @Test("the blood spot opens at exactly 72 h and is due by the end of the 7th day in China")
    func bloodSpotWindow() {
        let links = Self.links(ChainClock.bloodSpot, born: Self.born, [Self.signed])
        let sample = links["sample"]!
        #expect(sample.dueFrom == Self.instant("2026-11-23T10:30:00+08:00"))
        #expect(sample.dueBy == Self.instant("2026-11-28T00:00:00+08:00"))
        #expect(sample.expires == Self.instant("2026-12-11T00:00:00+08:00"))
        for (at, expected) in [
            ("2026-11-23T10:30:00+08:00", LinkDeadline.Timeliness.met), ("2026-11-27T23:59:59+08:00", .met),
            ("2026-11-28T00:00:00+08:00", .missed)
        ] {
            let done = Self.links(ChainClock.bloodSpot, born: Self.born, [Self.signed, (.screen, "done", at)])
            #expect(Self.timeliness(done["sample"]) == expected, "sample at \(at)")
        }
        #expect(Self.timeliness(sample, at: "2026-11-27T23:59:59+08:00") == .pending)
        #expect(Self.timeliness(sample, at: "2026-11-28T00:00:00+08:00") == .missed)
    }

    @Test("a birth at 23:30 in China counts its days from that Chinese date, not from the UTC one")
    func chinaDate() {
        let links = Self.links(ChainClock.bloodSpot, born: "2026-11-20T23:30:00+08:00", [Self.signed])
        #expect(links["sample"]!.dueBy == Self.instant("2026-11-28T00:00:00+08:00"))
        #expect(links["consent"]!.dueFrom == Self.instant("2026-11-20T00:00:00+08:00"))
    }

    /// Hearing: a refer on the first screen opens the rescreen (by 42 days), a refer on the rescreen the recall and
    /// the diagnosis (by 3 months), a confirmed loss the intervention (by 6 months).
    static func hearing(rescreen: String, diagnosis: String, intervention: String, born: String = born) -> [String: ChainClock.RecordedPlan]
    {
        Self.links(
            ChainClock.hearing, born: born,
            [
                (.consent, "signed", born), (.screen, "done", born), (.result, "refer", born), (.screen, "done", rescreen),
                (.result, "refer", rescreen), (.recall, "notified", rescreen), (.confirmation, "referred", rescreen),
                (.confirmation, "accepted", rescreen), (.confirmation, "confirmed", diagnosis), (.treatment, "started", intervention)
            ])
    }

    @Test("hearing 1-3-6: rescreen by 42 days, diagnosis by 3 months, intervention by 6 months, each on both sides")
    func hearingBoundaries() {
        let inside = Self.hearing(
            rescreen: "2027-01-01T23:59:59+08:00", diagnosis: "2027-02-20T23:59:59+08:00", intervention: "2027-05-20T23:59:59+08:00")
        #expect(inside["rescreen"]!.dueBy == Self.instant("2027-01-02T00:00:00+08:00"))
        #expect(inside["diagnosis"]!.dueBy == Self.instant("2027-02-21T00:00:00+08:00"))
        #expect(inside["intervention"]!.dueBy == Self.instant("2027-05-21T00:00:00+08:00"))
        for key in ["consent", "screen", "rescreen", "diagnosis", "intervention"] {
            #expect(Self.timeliness(inside[key]) == .met, "\(key)")
        }
        let outside = Self.hearing(
            rescreen: "2027-01-02T00:00:00+08:00", diagnosis: "2027-02-21T00:00:00+08:00", intervention: "2027-05-21T00:00:00+08:00")
        for key in ["rescreen", "diagnosis", "intervention"] {
            #expect(Self.timeliness(outside[key]) == .missed, "\(key)")
        }
    }

    @Test("month ends clamp: born 31 August, diagnosis by 30 November and intervention by 28 February")
    func monthEnds() {
        let links = Self.hearing(
            rescreen: "2026-09-10T10:00:00+08:00", diagnosis: "2026-11-30T23:00:00+08:00", intervention: "2027-03-01T00:00:00+08:00",
            born: "2026-08-31T23:30:00+08:00")
        #expect(links["diagnosis"]!.dueBy == Self.instant("2026-12-01T00:00:00+08:00"))
        #expect(links["intervention"]!.dueBy == Self.instant("2027-03-01T00:00:00+08:00"))
        #expect(Self.timeliness(links["diagnosis"]) == .met)
        #expect(Self.timeliness(links["intervention"]) == .missed)
    }

    @Test("a pass on the first hearing screen skips the rescreen; a negative blood spot skips the recall, nothing after it is planned")
    func negativesSkip() {
        let hearing = Self.links(
            ChainClock.hearing, born: Self.born,
            [Self.signed, (.screen, "done", "2026-11-21T10:00:00+08:00"), (.result, "negative", "2026-11-21T10:05:00+08:00")])
        #expect(hearing["rescreen"]?.state == .skipped)
        #expect(hearing["recall"] == nil && hearing["diagnosis"] == nil)
        let blood = Self.links(
            ChainClock.bloodSpot, born: Self.born,
            [Self.signed, (.screen, "done", "2026-11-23T11:00:00+08:00"), (.result, "negative", "2026-11-26T09:00:00+08:00")])
        #expect(Self.timeliness(blood["result"]) == .met)
        #expect(blood["recall"]?.state == .skipped && blood["confirmation"] == nil)
    }

    @Test("a refused consent skips every planned link with the guardian's reason, and plans nothing more")
    func consentRefused() {
        let history = [
            ChainHistory(link: .consent, state: "refused", occurredAt: Self.instant("2026-11-20T12:00:00+08:00"), reason: "宗教原因")
        ]
        let subject = ChainClock.subject(
            chain: UUID(), district: DistrictCode("320412100201")!, child: nil, bornAt: Self.instant(Self.born), arrivedAt: nil,
            steps: history)
        let plan = ChainClock.plan(ChainClock.bloodSpot, subject, closures: ChainClock.closures(history, in: ChainClock.bloodSpot))
        #expect(plan.map(\.item) == ["consent", "sample"])
        #expect(plan.allSatisfy { $0.state == .skipped && $0.skipReason == "\(ChainClock.consentRefused): 宗教原因" })
    }

    @Test("a newborn arriving at 4 months: links closed before arrival do not apply, back-filled ones count by their own times")
    func lateArrival() {
        let arrived = "2027-03-25T09:00:00+08:00"
        let bare = Self.links(ChainClock.hearing, born: Self.born, arrived: arrived, [])
        #expect(bare["consent"]?.state == .beforeJoining && bare["screen"]?.state == .beforeJoining)
        #expect(Self.timeliness(bare["screen"]) == .notApplicable)
        let backfilled = Self.links(
            ChainClock.hearing, born: Self.born, arrived: arrived,
            [
                Self.signed, (.screen, "done", "2026-11-21T10:00:00+08:00"), (.result, "refer", "2026-11-21T10:05:00+08:00"),
                (.screen, "done", "2027-01-10T10:00:00+08:00"), (.result, "refer", "2027-01-10T10:05:00+08:00")
            ])
        #expect(Self.timeliness(backfilled["screen"]) == .met)
        #expect(Self.timeliness(backfilled["rescreen"]) == .missed, "done after its 42 days, before arrival")
        // The recall is still open on arrival (its window runs to 6 months): to be made now.
        #expect(backfilled["recall"]?.state == .planned)
        #expect(Self.timeliness(backfilled["diagnosis"]) == nil, "planned once the recall is made")
    }

    @Test("a chain that leaves follow-up (lost) cancels what is open and keeps what was done")
    func exit() {
        let history = [
            Self.signed, (.screen, "done", "2026-11-23T11:00:00+08:00"), (.result, "positive", "2026-11-26T09:00:00+08:00")
        ].map { ChainHistory(link: $0.0, state: $0.1, occurredAt: Self.instant($0.2)) }
        let subject = ChainClock.subject(
            chain: UUID(), district: DistrictCode("320412100201")!, child: nil, bornAt: Self.instant(Self.born), arrivedAt: nil,
            steps: history)
        let plan = ChainClock.plan(
            ChainClock.bloodSpot, subject, closures: ChainClock.closures(history, in: ChainClock.bloodSpot), exited: true)
        #expect(plan.map(\.state) == [.done, .done, .done, .cancelled])
    }
}
