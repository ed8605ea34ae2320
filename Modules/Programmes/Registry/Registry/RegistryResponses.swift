import Contract
import Foundation

/// The bodies the registry's endpoints answer with, documented in `/openapi.json` from these examples (complete
/// first, then one leaving out what may be absent).
enum RegistryExamples {
    static let child = "6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B"
    static let village = "320412100201"
    static let township = "320412100000"

    static func rosterEntry() throws -> RosterEntry {
        try Example.decoded(
            """
            {"id":"\(child)","name":"甲村童","idNumberMasked":"320412********0015","birthDate":"2015-05-05",
            "residenceDistrict":"\(village)","riskColour":"yellow","nextVisitDue":"2026-12-01","categories":["rural-left-behind"]}
            """)
    }

    static func districtCount() throws -> WorklistRepository.DistrictCount {
        .init(district: try Example.district(village), count: 3)
    }
}

extension ChildFileView: DocumentedBody {
    static var examples: [ChildFileView] {
        get throws {
            let village = try Example.district(RegistryExamples.village)
            let full = ChildFileView(
                id: try Example.uuid(RegistryExamples.child), name: "甲村童", idNumberMasked: "320412********0015",
                idNumber: "320412201505050015", sex: "M", birthDate: try Example.date("2015-05-05"), residenceDistrict: village,
                hukouDistrict: village, responsibleDistrict: village, hukouType: "rural", details: ["school": "湖塘中心小学", "grade": "五年级"],
                contacts: [try Example.decoded(#"{"name":"甲村童祖母","relationship":"祖母","phone":"138****5678"}"#)], riskColour: "yellow",
                lastVisitOn: try Example.date("2026-11-01"), nextVisitDue: try Example.date("2026-12-01"), overdue: false,
                categories: [
                    try Example.decoded(
                        #"{"category":"rural-left-behind","starts":"2024-03-01","source":"derived","rule":"gf-2016-13","facts":["father working-away since 2024-03-01"],"reason":"父亲外出务工"}"#
                    )
                ],
                parents: [
                    try Example.decoded(
                        #"{"parent":"father","condition":"working-away","since":"2024-03-01","until":"2026-03-01","termMonths":24}"#)
                ],
                pendingRiskChange: try Example.decoded(#"{"id":7,"colour":"red","reason":"监护缺失","requestedBy":"jia-director"}"#),
                openExitReviews: [
                    try Example.decoded(#"{"id":3,"category":"rural-left-behind","reason":"父亲已返乡","openedOn":"2026-10-01"}"#)
                ],
                recentVisits: [
                    try Example.decoded(
                        #"{"id":"\#(RegistryExamples.child)","visitedOn":"2026-11-01","visitor":"jia-director","mode":"home","colourAfter":"yellow","reviewed":true}"#
                    )
                ],
                careAgreements: [
                    try Example.decoded(
                        #"{"id":5,"carerName":"甲村童祖母","relationship":"祖母","starts":"2024-03-01","ends":"2027-03-01","signedOn":"2024-03-01","weeklyContact":true}"#
                    )
                ],
                pendingTransfer: try Example.decoded(
                    #"{"id":9,"toDistrict":"320412100202","reason":"随父母迁居","proposedAt":"2026-11-02T02:00:00Z"}"#),
                statuses: [
                    ChildStatus(
                        programme: "dropout-control", code: "returned", title: .init(zh: "已复学, 跟踪中", en: "Back at school, followed up"),
                        since: try Example.date("2026-09-20"), until: try Example.date("2026-12-20"), severity: .info,
                        link: "/api/v1/dropout-control/cases/0B6F1C2A-3D4E-4F50-8A6B-7C8D9E0F1A2B")
                ])
            let sparse = ChildFileView(
                id: full.id, name: full.name, idNumberMasked: full.idNumberMasked, idNumber: nil, sex: "F", birthDate: full.birthDate,
                residenceDistrict: village, hukouDistrict: village, responsibleDistrict: village, hukouType: nil, details: [:],
                contacts: [try Example.decoded(#"{"name":"甲村童祖母","relationship":"祖母"}"#)], riskColour: "blue", lastVisitOn: nil,
                nextVisitDue: full.nextVisitDue, overdue: true,
                categories: [try Example.decoded(#"{"category":"difficult-poverty","starts":"2024-03-01","source":"manual","facts":[]}"#)],
                parents: [try Example.decoded(#"{"parent":"mother","condition":"dead","since":"2020-01-01"}"#)], pendingRiskChange: nil,
                openExitReviews: [], recentVisits: [],
                careAgreements: [
                    try Example.decoded(#"{"carerName":"甲村童祖母","relationship":"祖母","starts":"2024-03-01","signedOn":"2024-03-01"}"#)
                ],
                pendingTransfer: nil, statuses: [])
            return [full, sparse]
        }
    }
}

extension RosterPage: DocumentedBody {
    static var examples: [RosterPage] {
        get throws {
            let entry = try RegistryExamples.rosterEntry()
            return [RosterPage(children: [entry], next: entry.id), RosterPage(children: [], next: nil)]
        }
    }
}

/// The categories in use in a district (`GET /categories`).
struct CategoryChoices: DocumentedBody {
    struct Choice: Encodable, Sendable {
        let category: String
        let name: String
        let derivedFromFacts: Bool
    }

    let categories: [Choice]
    static let examples = [CategoryChoices(categories: [Choice(category: "rural-left-behind", name: "农村留守儿童", derivedFromFacts: true)])]
}

extension WorklistRepository.Worklist: DocumentedBody {
    static var examples: [Self] {
        get throws {
            [
                Self(
                    district: try Example.district(RegistryExamples.township), asOf: try Example.date("2026-11-01"), total: 3,
                    byDistrict: [try RegistryExamples.districtCount()], children: [try RegistryExamples.rosterEntry()])
            ]
        }
    }
}

extension WorklistRepository.Indicators: DocumentedBody {
    static var examples: [Self] {
        get throws {
            let full = Self(
                district: try Example.district(RegistryExamples.township), asOf: try Example.date("2026-11-01"), children: 120,
                byCategory: ["rural-left-behind": 80, "orphan-dispersed": 4], byColour: ["red": 2, "yellow": 30, "blue": 88],
                visitCoverage: 0.925, overdueVisits: 9, agreementSigningRate: 0.875, exitReviewBacklog: 1, pendingRiskConfirmations: 2,
                childDirectorCoverage: 0.95, surveyRound: try SurveyProgress.examples.first)
            let empty = Self(
                district: full.district, asOf: full.asOf, children: 0, byCategory: [:], byColour: [:], visitCoverage: nil, overdueVisits: 0,
                agreementSigningRate: nil, exitReviewBacklog: 0, pendingRiskConfirmations: 0, childDirectorCoverage: nil, surveyRound: nil)
            return [full, empty]
        }
    }
}

extension SurveyRound: DocumentedBody {
    static var examples: [SurveyRound] {
        get throws {
            [
                SurveyRound(
                    id: 1, district: try Example.district(RegistryExamples.township), title: "2026 年下半年摸底排查",
                    opensOn: try Example.date("2026-11-01"), closesOn: try Example.date("2026-11-30"), openedBy: "jia-admin")
            ]
        }
    }
}

/// The survey rounds covering the caller's districts.
struct SurveyRounds: DocumentedBody {
    let rounds: [SurveyRound]
    static var examples: [SurveyRounds] { get throws { [SurveyRounds(rounds: try SurveyRound.examples)] } }
}

extension SurveyProgress: DocumentedBody {
    static var examples: [SurveyProgress] {
        get throws {
            let round = try SurveyRound.examples[0]
            let village = try Example.district(RegistryExamples.village)
            return [
                SurveyProgress(
                    round: round, district: round.district, children: 40, checked: 30, rate: 0.75,
                    byDistrict: [.init(district: village, children: 40, checked: 30)]),
                SurveyProgress(round: round, district: round.district, children: 0, checked: 0, rate: nil, byDistrict: [])
            ]
        }
    }
}

extension Transfer: DocumentedBody {
    static var examples: [Transfer] {
        get throws {
            let summary = String(decoding: try JSONBody.bytes(try RegistryExamples.rosterEntry()), as: UTF8.self)
            let proposed = try Example.instant("2026-11-02T02:00:00Z")
            let village = try Example.district(RegistryExamples.village)
            let destination = try Example.district("320412100202")
            let child = try Example.uuid(RegistryExamples.child)
            return [
                try Transfer(
                    (
                        9, child, village, destination, "随父母迁居", summary, .accepted, "jia-director", proposed, "yi-director",
                        try Example.instant("2026-11-03T02:00:00Z"), "已接收"
                    )),
                try Transfer((9, child, village, destination, "随父母迁居", summary, .proposed, "jia-director", proposed, nil, nil, nil))
            ]
        }
    }
}

/// A list of transfers (`GET /transfers`).
struct TransferList: DocumentedBody {
    let transfers: [Transfer]
    static var examples: [TransferList] { get throws { [TransferList(transfers: try Transfer.examples)] } }
}

extension Worker: DocumentedBody {
    static var examples: [Worker] {
        get throws {
            let village = try Example.district(RegistryExamples.village)
            var revealed = Worker(
                (
                    4, village, .director, "甲村主任", "139****1111", try Example.date("2025-03-01"), try Example.date("2026-10-31"), "调任",
                    2, 12.5
                ))
            revealed.phone = "13900001111"
            return [revealed, Worker((4, village, .director, "甲村主任", nil, try Example.date("2025-03-01"), nil, nil, 0, 0.5))]
        }
    }
}

/// The workforce ledger (`GET /workers`).
struct WorkerList: DocumentedBody {
    let workers: [Worker]
    static var examples: [WorkerList] { get throws { [WorkerList(workers: try Worker.examples)] } }
}

extension WorkforceCoverage: DocumentedBody {
    static var examples: [WorkforceCoverage] {
        get throws {
            let township = try Example.district(RegistryExamples.township)
            return [
                WorkforceCoverage(
                    district: township, villages: 20, villagesWithDirector: 19, directorCoverage: 0.95, townships: 1,
                    townshipsWithSupervisor: 1, supervisorCoverage: 0.5, trainedLastYear: 0.75),
                WorkforceCoverage(
                    district: township, villages: 0, villagesWithDirector: 0, directorCoverage: nil, townships: 0,
                    townshipsWithSupervisor: 0, supervisorCoverage: nil, trainedLastYear: nil)
            ]
        }
    }
}

extension FileRepository.RecordedVisit: DocumentedBody {
    static var examples: [Self] {
        get throws {
            [
                Self(
                    id: try Example.uuid(RegistryExamples.child), colourAfter: "red", nextDue: try Example.date("2026-11-15"),
                    forcedBecause: ["监护缺失"])
            ]
        }
    }
}

/// Whether a colour change took effect or waits for a supervisor (`pending`, 202).
struct RiskChangeStatus: DocumentedBody {
    let status: String
    static let examples = [RiskChangeStatus(status: "pending")]
}

extension RegistryCommand.Import.Outcome: DocumentedBody {
    static var examples: [Self] {
        [
            Self(
                opened: 120, alreadyOpen: 3,
                rejected: [Problem.invalid("idNumber", "身份证号校验位错误", "the ID number's check digit is wrong", row: 7)])
        ]
    }
}
