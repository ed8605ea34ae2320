import Districts
import Foundation
import Schedules
import Testing
import Vocabulary

@Suite("日程算术: 月末截断, 时数按北京时间, 时限边界")
struct ScheduleArithmeticTests {
    /// Foundation's Gregorian calendar in UTC, the independent reference for month arithmetic.
    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()

    static func reference(_ date: CalendarDate, months: Int) throws -> CalendarDate {
        let start = try #require(gregorian.date(from: DateComponents(year: date.year, month: date.month, day: date.day)))
        let moved = try #require(gregorian.date(byAdding: .month, value: months, to: start))
        let parts = gregorian.dateComponents([.year, .month, .day], from: moved)
        return try #require(CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0))
    }

    @Test("the reference really clamps to the month's end (Foundation is not trusted blindly)")
    func referenceClamps() throws {
        #expect(try Self.reference(Fixtures.date("2025-01-31"), months: 1) == Fixtures.date("2025-02-28"))
        #expect(try Self.reference(Fixtures.date("2024-01-31"), months: 1) == Fixtures.date("2024-02-29"))
        #expect(try Self.reference(Fixtures.date("2025-03-31"), months: 9) == Fixtures.date("2025-12-31"))
        // Whatever the day, the result is the same day or the target month's last.
        for offset in 1...72 {
            let moved = try Self.reference(Fixtures.date("2024-01-31"), months: offset)
            let first = try #require(Self.gregorian.date(from: DateComponents(year: moved.year, month: moved.month, day: 1)))
            let range = try #require(Self.gregorian.range(of: .day, in: .month, for: first))
            #expect(moved.day == min(31, range.count))
        }
    }

    @Test("golden table: every birth date of 2024 (leap) and 2025, month offsets 1…72, as dates and from birth datetimes")
    func goldenMonths() throws {
        var date = Fixtures.date("2024-01-01")
        var compared = 0
        while date.year <= 2025 {
            // A birth at 23:30 in Shanghai is the same day there, the day before in UTC: the date counted is China's.
            let birth = ScheduleTime.instant(ScheduleTime.midnight(of: date).addingTimeInterval(23.5 * 3_600))
            for months in 1...72 {
                let expected = try Self.reference(date, months: months)
                #expect(ScheduleTime.date(date).adding(.months(months)) == .date(expected), "\(date) + \(months) months")
                #expect(birth.adding(.months(months)) == .date(expected), "born \(date) 23:30 + \(months) months")
                compared += 2
            }
            date = date.adding(days: 1)
        }
        #expect(compared == (366 + 365) * 72 * 2)
    }

    @Test("31 Mar + 9 months = 31 Dec; 31 Jan + 1 month = 28 or 29 Feb; weeks and days on dates")
    func examples() {
        #expect(ScheduleTime.date(Fixtures.date("2025-03-31")).adding(.months(9)) == .date(Fixtures.date("2025-12-31")))
        #expect(ScheduleTime.date(Fixtures.date("2025-01-31")).adding(.months(1)) == .date(Fixtures.date("2025-02-28")))
        #expect(ScheduleTime.date(Fixtures.date("2024-01-31")).adding(.months(1)) == .date(Fixtures.date("2024-02-29")))
        #expect(ScheduleTime.date(Fixtures.date("2024-12-31")).adding(.weeks(9)) == .date(Fixtures.date("2025-03-04")))
        #expect(ScheduleTime.date(Fixtures.date("2024-02-28")).adding(.days(42)) == .date(Fixtures.date("2024-04-10")))
    }

    @Test("hours count on the instant: 72 h after a birth at 22:00 in Shanghai, across a month end")
    func hours() {
        let birth = Fixtures.instant("2026-02-26T14:00:00Z") // 2026-02-26 22:00 in Shanghai
        #expect(ScheduleTime.instant(birth).adding(.hours(72)) == .instant(Fixtures.instant("2026-03-01T14:00:00Z")))
        #expect(ScheduleTime.instant(birth).adding(.hours(72)).day == Fixtures.date("2026-03-01"))
        // A date counts its hours from midnight in China.
        #expect(ScheduleTime.date(Fixtures.date("2026-03-01")).adding(.hours(8)) == .instant(Fixtures.instant("2026-03-01T00:00:00Z")))
    }

    static func status(_ key: String, _ declaration: ScheduleDeclaration, _ subject: ScheduleSubject, at now: Date) throws
        -> ScheduleItemStatus
    {
        let planned = try #require(SchedulePlanner.plan(declaration, for: subject, recorded: []).first { $0.item == key })
        return ScheduleItemStatus(dueFrom: planned.dueFrom, dueBy: planned.dueBy, expires: planned.expires, at: now)
    }

    @Test("boundaries on both sides of 72 h, 42 days, 3 and 6 months")
    func boundaries() throws {
        // Born 2025-11-30 10:30 in Shanghai.
        let birth = Fixtures.instant("2025-11-30T02:30:00Z")
        let subject = ScheduleSubject(id: "b", district: try #require(DistrictCodeFixture.village), anchor: .instant(birth))
        let second: TimeInterval = 1
        let bloodFrom = birth.addingTimeInterval(72 * 3_600)
        #expect(try Self.status("blood-spot", Fixtures.screening, subject, at: bloodFrom - second) == .upcoming)
        #expect(try Self.status("blood-spot", Fixtures.screening, subject, at: bloodFrom) == .due)
        // Due by 72 h + 7 days: 2025-12-10 (China) is the last day.
        let bloodLate = ScheduleTime.midnight(of: Fixtures.date("2025-12-11"))
        #expect(try Self.status("blood-spot", Fixtures.screening, subject, at: bloodLate - second) == .due)
        #expect(try Self.status("blood-spot", Fixtures.screening, subject, at: bloodLate) == .overdue)
        // 42 days: 2026-01-11 is day 42; overdue from 2026-01-12 00:00 in China.
        let day43 = ScheduleTime.midnight(of: Fixtures.date("2026-01-12"))
        #expect(try Self.status("hearing-rescreen", Fixtures.screening, subject, at: day43 - second) == .due)
        #expect(try Self.status("hearing-rescreen", Fixtures.screening, subject, at: day43) == .overdue)
        // Expires 30 days after day 42: missed from 2026-02-11 00:00 in China.
        let expiry = ScheduleTime.midnight(of: Fixtures.date("2026-02-11"))
        #expect(try Self.status("hearing-rescreen", Fixtures.screening, subject, at: expiry - second) == .overdue)
        #expect(try Self.status("hearing-rescreen", Fixtures.screening, subject, at: expiry) == .missed)
        // 3 months from 30 Nov: 28 Feb 2026 (clamped), overdue from 1 Mar.
        let march1 = ScheduleTime.midnight(of: Fixtures.date("2026-03-01"))
        #expect(try Self.status("hearing-diagnosis", Fixtures.screening, subject, at: march1 - second) == .due)
        #expect(try Self.status("hearing-diagnosis", Fixtures.screening, subject, at: march1) == .overdue)
        // 6 months: 30 May 2026, overdue from 31 May.
        let may31 = ScheduleTime.midnight(of: Fixtures.date("2026-05-31"))
        #expect(try Self.status("hearing-intervention", Fixtures.screening, subject, at: may31 - second) == .due)
        #expect(try Self.status("hearing-intervention", Fixtures.screening, subject, at: may31) == .overdue)
        // Due from one month before: 30 Apr 2026 opens the window.
        let april30 = ScheduleTime.midnight(of: Fixtures.date("2026-04-30"))
        #expect(try Self.status("hearing-intervention", Fixtures.screening, subject, at: april30 - second) == .upcoming)
        #expect(try Self.status("hearing-intervention", Fixtures.screening, subject, at: april30) == .due)
    }

    /// SplitMix64: reproducible random anchors.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("property: over 20,000 random anchors, due from ≤ due by ≤ expires, and planning again from what was planned changes nothing")
    func property() throws {
        var random = Seeded(state: 20_261_201)
        // Mixed units where month ends reorder bounds: due by in days, expiry in months.
        let tricky = try ScheduleDeclaration(
            id: "core.tricky", version: 1, title: .init(zh: "测试", en: "Test"), anchor: ScheduleAnchor(name: "birth", kind: .datetime),
            readPermission: "core.child.read",
            items: [
                ScheduleItem(
                    key: "a", offset: .months(1), window: ScheduleWindow(dueFrom: .weeks(-2), dueBy: .days(30), expires: .months(1))),
                ScheduleItem(key: "b", offset: .hours(36), window: ScheduleWindow(dueFrom: .days(0), dueBy: .hours(12), expires: .weeks(1)))
            ])
        let district = try #require(DistrictCodeFixture.village)
        for _ in 0..<20_000 {
            let seconds = TimeInterval(Int.random(in: 631_152_000...1_893_456_000, using: &random))
            let anchor: ScheduleTime =
                Bool.random(using: &random)
                ? .instant(Date(timeIntervalSince1970: seconds)) : .date(CalendarDate.today(Date(timeIntervalSince1970: seconds)))
            let joined =
                Bool.random(using: &random)
                ? anchor.start.addingTimeInterval(TimeInterval(Int.random(in: 0...(6 * 366 * 86_400), using: &random))) : nil
            let subject = ScheduleSubject(
                id: "s", district: district, anchor: anchor, facts: ["colour": Bool.random(using: &random) ? "red" : "blue"], joined: joined
            )
            for declaration in [Fixtures.checkups, Fixtures.screening, Fixtures.visits, tricky] {
                if declaration.anchor.kind == .date, case .instant = anchor { continue }
                let plan = SchedulePlanner.plan(declaration, for: subject, recorded: [])
                for item in plan {
                    #expect(item.dueFrom <= item.dueBy && item.dueBy <= item.expires, "\(declaration.id) \(item.item) from \(anchor)")
                }
                let recorded = plan.map { RecordedItem(item: $0.item, occurrence: $0.occurrence, state: $0.state, closedAt: nil) }
                #expect(SchedulePlanner.plan(declaration, for: subject, recorded: recorded) == plan)
            }
        }
    }

    @Test(
        "a declaration that breaks an invariant is refused with what to fix",
        arguments: [
            (
                #"{"id":"checkups","version":1,"title":{"zh":"x","en":"x"},"anchor":{"name":"birth","kind":"date"},"readPermission":"a.b","items":[]}"#,
                "is not <programme-id>.<name>"
            ),
            (
                #"{"id":"a.b","version":1,"title":{"zh":"x","en":"x"},"anchor":{"name":"birth","kind":"date"},"readPermission":"other.read","items":[{"key":"x","offset":{"days":1},"window":{"dueBy":{"days":1}}}]}"#,
                "must belong to a"
            ),
            (
                #"{"id":"a.b","version":1,"title":{"zh":"x","en":"x"},"anchor":{"name":"admission","kind":"date"},"readPermission":"a.read","items":[{"key":"x","offset":{"hours":72},"window":{"dueBy":{"days":1}}}]}"#,
                "hours need a datetime anchor"
            ),
            (
                #"{"id":"a.b","version":1,"title":{"zh":"x","en":"x"},"anchor":{"name":"birth","kind":"date"},"readPermission":"a.read","items":[{"key":"y","prerequisites":["x"],"offset":{"days":1},"window":{"dueBy":{"days":1}}},{"key":"x","offset":{"days":1},"window":{"dueBy":{"days":1}}}]}"#,
                "not declared before it"
            ),
            (
                #"{"id":"a.b","version":1,"title":{"zh":"x","en":"x"},"anchor":{"name":"birth","kind":"date"},"readPermission":"a.read","items":[{"key":"x","offset":{"days":1},"window":{"dueFrom":{"days":5},"dueBy":{"days":1}}}]}"#,
                "closes before it opens"
            ),
            (
                #"{"id":"a.b","version":1,"title":{"zh":"x","en":"x"},"anchor":{"name":"birth","kind":"date"},"readPermission":"a.read","items":[{"key":"x","offset":{"days":1,"months":1},"window":{"dueBy":{"days":1}}}]}"#,
                "an offset is one of"
            )
        ])
    func refused(json: String, message: String) {
        do {
            _ = try JSONDecoder().decode(ScheduleDeclaration.self, from: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(String(describing: error).contains(message), "\(error)")
        }
    }

    @Test("a declaration round-trips through JSON as a policy value is stored")
    func codable() throws {
        for declaration in [Fixtures.screening, Fixtures.checkups, Fixtures.visits] {
            let json = try JSONEncoder().encode(declaration)
            #expect(try JSONDecoder().decode(ScheduleDeclaration.self, from: json) == declaration)
        }
        let text = String(decoding: try JSONEncoder().encode(ScheduleOffset.months(3)), as: UTF8.self)
        #expect(text == #"{"months":3}"#)
    }
}

enum DistrictCodeFixture {
    static let village = DistrictCode("320412100201")
}
