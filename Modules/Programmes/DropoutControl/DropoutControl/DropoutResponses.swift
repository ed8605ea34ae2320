import Contract
import Foundation

/// The bodies dropout control's endpoints answer with, documented in `/openapi.json` from these examples (complete
/// first, then one leaving out what may be absent).
enum DropoutExamples {
    static let id = "3C1D5E7F-9A0B-4C2D-8E4F-6A7B8C9D0E1F"
    static let child = "6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B"
    static let township = "320412100000"

    static func counts() -> ComparisonRepository.Counts { .init(outOfSchool: 2, suspected: 3, dropout: 1) }
}

extension AbsenceEndpoints.Outcome: DocumentedBody {
    static var examples: [Self] {
        get throws {
            [
                Self(
                    absence: 12, suspected: true, threshold: 3, thresholdSource: "320412000000 2026-09-01",
                    caseID: try Example.uuid(DropoutExamples.id)),
                Self(absence: 13, suspected: false, threshold: 3, thresholdSource: "national", caseID: nil)
            ]
        }
    }
}

extension DropoutCase: DocumentedBody {
    static var examples: [DropoutCase] {
        get throws {
            let township = try Example.district(DropoutExamples.township)
            let opened = try Example.date("2026-09-20")
            var full = DropoutCase(
                row: (
                    try Example.uuid(DropoutExamples.id), "2026-autumn", try Example.uuid(DropoutExamples.child), "甲村童", township,
                    try Example.district("320412100201"), "湖塘中心小学", "absence", .closed, opened, try Example.date("2026-09-22"),
                    try Example.date("2026-10-10"), try Example.date("2027-01-10"), try Example.date("2027-01-10"), "已复学",
                    "复学证明 2026-10-10"
                ))
            full.reportDue = "劝返 3 次未成功 (规定 3 次)"
            full.attempts = [
                try Example.decoded(
                    #"{"party":"teacher","by":"甲老师","attemptedOn":"2026-09-25","method":"home-visit","outcome":"promised","note":"家长答应送返"}"#
                )
            ]
            full.reports = [try Example.decoded(#"{"reportedOn":"2026-10-01","recipients":["县教育局","乡镇政府"],"content":"书面报告"}"#)]
            full.legalMeasures = [try Example.decoded(#"{"measure":"行政督促","takenOn":"2026-10-05","note":"送达督促通知书"}"#)]
            full.history = [try Example.decoded(#"{"state":"suspected","on":"2026-09-20","note":"连续缺勤 5 天","by":"system"}"#)]
            let sparse = DropoutCase(
                row: (
                    try Example.uuid(DropoutExamples.id), "2026-autumn", nil, "甲村童", township, nil, nil, "manual", .suspected, opened, nil,
                    nil, nil, nil, nil, nil
                ))
            return [full, sparse]
        }
    }
}

extension ComparisonRepository.Result: DocumentedBody {
    static var examples: [Self] {
        get throws {
            [
                Self(
                    id: try Example.uuid(DropoutExamples.id), district: try Example.district(DropoutExamples.township), term: "2026-autumn",
                    snapshot: 4, cutOff: try Example.date("2026-08-31"), ledgers: DropoutExamples.counts())
            ]
        }
    }
}

extension LedgerPage: DocumentedBody {
    static var examples: [LedgerPage] {
        get throws {
            let entry = LedgerRepository.Entry(
                id: try Example.uuid(DropoutExamples.id), child: try Example.uuid(DropoutExamples.child), name: "甲村童",
                idNumberMasked: "320412********0015", district: try Example.district(DropoutExamples.township),
                birthDate: try Example.date("2015-05-05"), school: "湖塘中心小学", state: "dropout", openedOn: try Example.date("2026-09-20"),
                groups: ["rural-left-behind"], side: .hukou)
            let sparse = LedgerRepository.Entry(
                id: entry.id, child: nil, name: "乙村童", idNumberMasked: nil, district: entry.district, birthDate: nil, school: nil,
                state: nil,
                openedOn: nil, groups: [])
            return [
                LedgerPage(ledger: "dropout", entries: [entry, sparse], next: entry.id),
                LedgerPage(ledger: "out-of-school", entries: [], next: nil)
            ]
        }
    }
}

extension HomeTeachingEndpoints.Created: DocumentedBody {
    static var examples: [Self] { get throws { [Self(id: try Example.uuid(DropoutExamples.id))] } }
}

extension HomeTeachingRepository.Shortfall: DocumentedBody {
    static var examples: [Self] {
        get throws {
            let plan = try Example.uuid(DropoutExamples.id)
            let district = try Example.district(DropoutExamples.township)
            return [
                Self(
                    plan: plan, child: try Example.uuid(DropoutExamples.child), name: "甲村童", school: "湖塘中心小学", district: district,
                    required: 4, made: 2),
                Self(plan: plan, child: nil, name: "乙村童", school: "湖塘中心小学", district: district, required: 4, made: 0)
            ]
        }
    }
}

extension Indicators: DocumentedBody {
    static var examples: [Indicators] {
        get throws {
            let district = try Example.district(DropoutExamples.township)
            return [
                Indicators(
                    district: district, term: "2026-autumn", comparison: try Example.uuid(DropoutExamples.id),
                    ledgers: DropoutExamples.counts(),
                    casesOpenLongerThan: .init(days: 30, count: 1), attempts: 7, verifiedCases: 4, returned: 3, returnRate: 0.75,
                    writtenReports: 1, legalMeasures: 1,
                    homeTeaching: .init(month: "2026-11", plans: 4, belowFrequency: 1, compliance: 0.75),
                    pairings: 5, atZero: false),
                Indicators(
                    district: district, term: "2026-autumn", comparison: nil, ledgers: .init(outOfSchool: 0, suspected: 0, dropout: 0),
                    casesOpenLongerThan: .init(days: 30, count: 0), attempts: 0, verifiedCases: 0, returned: 0, returnRate: nil,
                    writtenReports: 0, legalMeasures: 0,
                    homeTeaching: .init(month: "2026-11", plans: 0, belowFrequency: 0, compliance: nil),
                    pairings: 0, atZero: nil)
            ]
        }
    }
}
