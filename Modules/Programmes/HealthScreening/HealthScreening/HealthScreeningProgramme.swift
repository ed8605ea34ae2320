import ArgumentParser
import Contract
import HealthScreeningInterface
import ServiceLifecycle

/// 健康筛查 — the health-screening programme the health commission (卫健委) and the maternal-and-child health hospitals
/// (妇幼保健院) run: newborns known by the mother's ID number until their own is issued (`Newborns/`), and one newborn
/// screening chain per condition from consent to outcome (`Chains/`), and the 0–6 disability screening referral ladder whose
/// confirmed disabilities it publishes on the core child-status feed (`Disability/`), every link's deadline on the core's schedule
/// engine (`Domain/ChainClock`), the 0–6 check-ups with their eye checks (`Checkups/`), and the work lists and overdue-recall
/// notices (`Worklists/`), the institutions and their staff (`Institutions/`) and the indicators per district and period
/// (`Indicators/`), and the imports of births and laboratory results from hospital and laboratory systems (`Imports/`). It owns schema `health_screening` (`Schema/`), the
/// `health-screening.*` permissions and roles, the routes under `/api/v1/health-screening`, the
/// `tonghu health-screening …` commands (`Commands/`) and the events of `HealthScreeningInterface`.
public struct HealthScreeningProgramme: Programme {
    public static let id = "health-screening"
    public static let title = Localized(zh: "健康筛查", en: "Health screening")
    public static let command: (any ParsableCommand.Type)? = HealthScreeningCommand.self

    public init() {}

    public var migrations: [Migration] { HealthScreeningSchema.migrations }
    public var permissions: [Permission] { HealthScreeningPermissions.all }
    public var roles: [Role] { HealthScreeningPermissions.roles }
    public var policyKeys: [AnyPolicyKey] { HealthScreeningPolicy.keys }
    public var topics: [AnyEventTopic] { [.init(HealthScreeningTopics.newbornRegistered), .init(HealthScreeningTopics.newbornLinked)] }
    public var districtReferences: [DistrictReference] {
        [("newborns", "district"), ("newborns", "birth_district"), ("referrals", "district"), ("referrals", "to_district")].map {
            DistrictReference(table: "health_screening.\($0.0)", column: $0.1)
        }
    }
    public var sealedColumns: [SealedColumn] { [NewbornRepository.motherIDs] }
    public func pages(_ context: ProgrammeContext) -> [Page] { HealthPages(context: context).pages }

    public func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        NewbornEndpoints(newborns: NewbornRepository(context: context)).endpoints
            + ChainEndpoints(chains: ChainRepository(context: context)).endpoints
            + ReferralEndpoints(referrals: ReferralRepository(context: context)).endpoints
            + CheckupEndpoints(checkups: CheckupRepository(context: context)).endpoints
            + WorklistEndpoints(worklists: WorklistRepository(context: context)).endpoints
            + InstitutionEndpoints(institutions: InstitutionRepository(context: context)).endpoints
            + IndicatorEndpoints(indicators: IndicatorRepository(context: context)).endpoints
            + ImportEndpoints().endpoints
    }

    /// The overdue-recall notices and their escalation to the county 妇幼.
    public func services(_ context: ProgrammeContext) -> [any Service] {
        [RecallOverdueNotices(context: context), context.noticeEscalation([RecallOverdueNotices.rule])]
    }
}

/// The programme's permissions and its five roles, each granted in a district and reaching its subtree.
public enum HealthScreeningPermissions {
    public static let newbornRead: Permission = "health-screening.newborn.read"
    public static let newbornRegister: Permission = "health-screening.newborn.register"
    public static let newbornLink: Permission = "health-screening.newborn.link"
    /// Consent, samples and screens, results.
    public static let screeningRecord: Permission = "health-screening.screening.record"
    public static let recallRecord: Permission = "health-screening.recall.record"
    /// Referrals to a designated centre, its acceptance and feedback, treatment and outcome.
    public static let confirmationRecord: Permission = "health-screening.confirmation.record"
    public static let disabilityRead: Permission = "health-screening.disability.read"
    /// Referring a child up the disability screening ladder (rescreen, diagnostic assessment, rehabilitation application).
    public static let disabilityRefer: Permission = "health-screening.disability.refer"
    /// The receiving institution's acceptance, rejection and result.
    public static let disabilityDecide: Permission = "health-screening.disability.decide"
    /// Laboratory values, findings and diagnoses: sensitive personal information (PIPL 第28条).
    public static let diagnosisRead: Permission = "health-screening.diagnosis.read"
    /// 0–6 check-ups and their eye checks, with their findings.
    public static let checkupRecord: Permission = "health-screening.checkup.record"
    /// Recording institutions in one's scope and the staff who belong to them.
    public static let institutionManage: Permission = "health-screening.institution.manage"

    public static let all = [
        newbornRead, newbornRegister, newbornLink, screeningRecord, recallRecord, confirmationRecord, disabilityRead, disabilityRefer,
        disabilityDecide, diagnosisRead, checkupRecord, institutionManage
    ]

    public static let roles: [Role] = [
        Role(
            "health-screening.birth-hospital", title: .init(zh: "助产机构 (产科) 筛查人员", en: "Birth hospital screening staff"),
            permissions: [newbornRead, newbornRegister, screeningRecord, diagnosisRead]),
        Role(
            "health-screening.township-centre", title: .init(zh: "乡镇卫生院 (社区卫生服务中心) 儿保人员", en: "Township health centre staff"),
            permissions: [newbornRead, newbornLink, recallRecord, disabilityRead, disabilityRefer, checkupRecord]),
        Role(
            "health-screening.county-mch", title: .init(zh: "县级妇幼保健院", en: "County maternal and child health hospital"),
            permissions: all),
        Role(
            "health-screening.centre", title: .init(zh: "新生儿疾病筛查中心/诊断机构", en: "Designated screening and diagnosis centre"),
            permissions: [newbornRead, screeningRecord, confirmationRecord, disabilityRead, disabilityDecide, diagnosisRead]),
        Role(
            "health-screening.commission", title: .init(zh: "卫生健康委员会 (只读)", en: "Health commission (read-only)"),
            permissions: [newbornRead, disabilityRead]
        )
    ]
}
