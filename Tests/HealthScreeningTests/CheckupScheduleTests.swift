import Contract
import Foundation
import HummingbirdTesting
import Schedules
import TestSupport
import Testing

@testable import HealthScreening

/// The 0–6 check-ups and eye checks: golden rows of the schedule (month ends and 29 February clamped), the eye
/// check's referral bounds by age, and encounters recorded once through the real router.
@Suite struct CheckupScheduleTests {
    static let base = "/api/v1/health-screening"

    /// `(encounter, first day due, last day due, last day before missed)` for a birth date, from the engine's planner. The
    /// expiry counts from the encounter's own (clamped) day: born 31 January, the 1-month check-up on 28 February is
    /// missed after 28 April.
    static func rows(born: String) -> [String: (CalendarDate, CalendarDate, CalendarDate)] {
        let subject = CheckupSchedule.subject(
            newborn: UUID(), district: DistrictCode("320412100201")!, child: nil,
            bornAt: ScheduleTime.midnight(of: CalendarDate(born)!).addingTimeInterval(9 * 3_600), arrivedAt: nil)
        let plan = SchedulePlanner.plan(CheckupSchedule.declaration, for: subject, recorded: [])
        return Dictionary(
            uniqueKeysWithValues: plan.filter { $0.item.hasPrefix("checkup-") }.map {
                (
                    String($0.item.dropFirst("checkup-".count)),
                    (
                        CalendarDate.today($0.dueFrom), CalendarDate.today($0.dueBy).adding(days: -1),
                        CalendarDate.today($0.expires).adding(days: -1)
                    )
                )
            })
    }

    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("13 encounters, each a check-up and an eye check in one group")
    func thirteenEncounters() {
        #expect(
            CheckupSchedule.encounters.map(\.code) == [
                "newborn", "1m", "3m", "6m", "8m", "12m", "18m", "24m", "30m", "36m", "4y", "5y", "6y"
            ])
        let items = CheckupSchedule.declaration.items
        #expect(items.filter { $0.key.hasPrefix("eye-") }.count == 13)
        #expect(items.filter { $0.key.hasPrefix("checkup-") }.count == 13)
        #expect(Set(items.compactMap(\.group)).count == 13)
    }

    @Test(
        "golden rows: born 31 March, 31 January and 29 February, month ends clamp",
        arguments: [
            ("2026-03-31", "newborn", "2026-04-03", "2026-04-10", "2026-04-27"),
            ("2026-03-31", "1m", "2026-04-23", "2026-05-14", "2026-06-30"),
            ("2026-03-31", "3m", "2026-06-23", "2026-07-14", "2026-09-30"),
            ("2026-03-31", "6m", "2026-09-23", "2026-10-14", "2026-11-30"),
            ("2026-03-31", "8m", "2026-11-23", "2026-12-14", "2027-03-30"),
            ("2026-03-31", "12m", "2027-03-24", "2027-04-14", "2027-09-30"),
            ("2026-03-31", "18m", "2027-09-23", "2027-10-14", "2028-03-30"),
            ("2026-03-31", "30m", "2028-09-23", "2028-10-14", "2029-03-30"),
            ("2026-03-31", "36m", "2029-03-24", "2029-04-14", "2030-03-31"),
            ("2026-03-31", "6y", "2032-03-24", "2032-04-14", "2033-03-31"),
            ("2026-01-31", "1m", "2026-02-21", "2026-03-14", "2026-04-28"),
            ("2026-01-31", "3m", "2026-04-23", "2026-05-14", "2026-07-30"),
            ("2024-02-29", "1m", "2024-03-22", "2024-04-12", "2024-05-29"),
            ("2024-02-29", "12m", "2025-02-21", "2025-03-14", "2025-08-28"),
            ("2024-02-29", "4y", "2028-02-22", "2028-03-14", "2029-02-28")
        ])
    func goldenRows(born: String, encounter: String, from: String, by: String, missedAfter: String) throws {
        let row = try #require(Self.rows(born: born)[encounter])
        #expect(row.0 == Self.day(from) && row.1 == Self.day(by) && row.2 == Self.day(missedAfter), "\(born) \(encounter): \(row)")
    }

    @Test("age in months clamps at month ends: born 31 January, one month old on 28 February, not on the 27th")
    func ageInMonths() {
        #expect(CheckupSchedule.age(inMonthsOn: Self.day("2026-02-28"), bornOn: Self.day("2026-01-31")) == 1)
        #expect(CheckupSchedule.age(inMonthsOn: Self.day("2026-02-27"), bornOn: Self.day("2026-01-31")) == 0)
        #expect(CheckupSchedule.age(inMonthsOn: Self.day("2029-11-01"), bornOn: Self.day("2026-11-01")) == 36)
        #expect(CheckupSchedule.age(inMonthsOn: Self.day("2029-10-31"), bornOn: Self.day("2026-11-01")) == 35)
    }

    @Test("the acuity bound refers from 36 months, below 0.5 and not at it; an abnormal screen refers at any age")
    func acuityReferral() {
        let bounds = EyeReferral.thresholds.defaultValue
        #expect(EyeReferral.reason(left: 0.49, right: 0.5, abnormal: false, months: 36, thresholds: bounds)?.contains("左眼 0.49") == true)
        #expect(EyeReferral.reason(left: 0.5, right: 0.5, abnormal: false, months: 36, thresholds: bounds) == nil)
        #expect(EyeReferral.reason(left: 0.3, right: 0.3, abnormal: false, months: 35, thresholds: bounds) == nil)
        #expect(EyeReferral.reason(left: 0.59, right: 0.6, abnormal: false, months: 48, thresholds: bounds) != nil)
        #expect(EyeReferral.reason(left: nil, right: nil, abnormal: true, months: 3, thresholds: bounds) != nil)
        #expect(EyeReferral.thresholds.source.contains("unverified nationally"))
    }

    @Test("an encounter is recorded once with its findings; the group stays due until its eye check is recorded too")
    func encountersThroughTheRouter() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let file = try await HealthScreeningFixture.register(
                client, tokens, ["bornAt": "2023-11-01T09:00:00+08:00", "arrivedAt": "2026-05-01T09:00:00+08:00", "hospitalRecord": "WD1"])
            let newborn = try #require((file["newborn"] as? [String: Any])?["id"] as? String)
            let path = "\(Self.base)/newborns/\(newborn)/checkups"
            let arrived = try await client.call(.get, path, token: tokens.township)
            let encounters = try #require(arrived.body["encounters"] as? [[String: Any]], "\(arrived.text)")
            #expect(encounters.count == 13)
            let first = try #require(encounters.first)
            #expect((first["checkup"] as? [String: Any])?["timeliness"] as? String == "not-applicable", "before arrival: \(first)")
            let thirty = try await client.call(
                .post, path, token: tokens.township,
                json: [
                    "encounter": "30m", "examinedOn": "2026-05-06", "institution": "湖塘镇社区卫生服务中心", "weightGrams": 13_200,
                    "eye": ["acuityLeft": 0.3, "acuityRight": 0.3]
                ])
            #expect(thirty.status == .created, "\(thirty.text)")
            let again = try await client.call(
                .post, path, token: tokens.township, json: ["encounter": "30m", "examinedOn": "2026-05-07", "institution": "x"])
            #expect(again.status == .conflict)
            #expect(again.body["field"] as? String == "encounter")
            let three = try await client.call(
                .post, path, token: tokens.township,
                json: [
                    "encounter": "36m", "examinedOn": "2026-11-01", "institution": "湖塘镇社区卫生服务中心",
                    "eye": ["acuityLeft": 0.49, "acuityRight": 0.5, "findings": "左眼视力低"]
                ])
            #expect(three.status == .created, "\(three.text)")
            let rows = Dictionary(
                (three.body["encounters"] as? [[String: Any]] ?? []).map { ($0["encounter"] as? String ?? "", $0) },
                uniquingKeysWith: { a, _ in a })
            let record30 = rows["30m"]?["record"] as? [String: Any]
            #expect(record30 != nil && !(record30?["eyeReferral"] is String), "no bound before 36 months: \(String(describing: record30))")
            #expect(record30?["weightGrams"] as? Int == 13_200)
            let record36 = rows["36m"]?["record"] as? [String: Any]
            #expect((record36?["eyeReferral"] as? String)?.contains("左眼 0.49") == true)
            #expect((record36?["eyeReferral"] as? String)?.contains("右眼") == false)
            #expect((rows["36m"]?["checkup"] as? [String: Any])?["timeliness"] as? String == "met")
            #expect((rows["36m"]?["waiting"] as? [String]) == [])
            let partial = try await client.call(
                .post, path, token: tokens.township, json: ["encounter": "4y", "examinedOn": "2026-11-30", "institution": "湖塘镇社区卫生服务中心"])
            #expect(partial.status == .created, "\(partial.text)")
            let four = (partial.body["encounters"] as? [[String: Any]])?.first { $0["encounter"] as? String == "4y" }
            #expect(four?["waiting"] as? [String] == ["eye-4y"], "the check-up alone leaves the encounter due")
            let commission = try await client.call(.get, path, token: tokens.commission)
            #expect(commission.status == .ok)
            #expect(
                !commission.text.contains("左眼") && !commission.text.contains("13200"), "findings reach only check-up and diagnosis roles")
            #expect(try await client.call(.get, path, token: tokens.sibling).status == .notFound)
            for (body, field) in [
                (["encounter": "2y", "examinedOn": "2026-11-01", "institution": "x"], "encounter"),
                (["encounter": "5y", "examinedOn": "2023-10-31", "institution": "x"], "examinedOn"),
                (["encounter": "5y", "examinedOn": "2026-12-02", "institution": "x"], "examinedOn"),
                (["encounter": "5y", "examinedOn": "2026-11-01", "institution": "x", "weightGrams": 10], "weightGrams"),
                (["encounter": "5y", "examinedOn": "2026-11-01", "institution": "x", "eye": ["acuityLeft": 5.0]], "eye.acuityLeft")
            ] as [([String: Any], String)] {
                let refused = try await client.call(.post, path, token: tokens.township, json: body)
                #expect(refused.status == .unprocessableContent && refused.body["field"] as? String == field, "\(body): \(refused.text)")
            }
        }
    }
}
