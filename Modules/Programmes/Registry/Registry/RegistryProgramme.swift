import ArgumentParser
import Contract
import Foundation
import RegistryInterface
import ServiceLifecycle

/// 儿童信息台账 — the registry civil-affairs bureaus (民政), township supervisors (儿童督导员) and village child
/// directors (儿童主任) use every day: one file per child (一人一档), categories derived from the facts, home
/// visits on a cadence set by the four-colour risk grade (四色管理), exit review (应退未退), indicators.
public struct RegistryProgramme: Programme {
    public static let id = "registry"
    public static let title = Localized(zh: "儿童信息台账", en: "Child registry")
    public static let command: (any ParsableCommand.Type)? = RegistryCommand.self

    public init() {}

    public var migrations: [Migration] {
        RegistrySchema.migrations + RegistrySchema.worklistMigrations + SchoolingSchema.migrations + [
            RegistrySchema.countyOverdue, RegistrySchema.sealedPhones, RegistrySchema.reporting, RegistrySchema.visitSchedule,
            RegistrySchema.transferRuns
        ]
    }
    public var permissions: [Permission] { RegistryPermissions.all }
    public var roles: [Role] { RegistryPermissions.roles }
    public var policyKeys: [AnyPolicyKey] { RegistryPolicy.keys }
    public var topics: [AnyEventTopic] {
        [
            .init(RegistryTopics.fileOpened), .init(RegistryTopics.categoriesChanged), .init(RegistryTopics.riskChanged),
            .init(RegistryTopics.visitRecorded), .init(RegistryTopics.exitReviewOpened), .init(RegistryTopics.transferCompleted)
        ]
    }

    public var districtReferences: [DistrictReference] {
        ["residence_district", "hukou_district", "responsible_district"].map { DistrictReference(table: "registry.files", column: $0) }
            + ["from_district", "to_district"].map { DistrictReference(table: "registry.transfers", column: $0) }
            + [
                DistrictReference(table: "registry.survey_rounds", column: "district"),
                DistrictReference(table: "registry.workers", column: "district")
            ]
    }

    /// Phone numbers (联系电话): a file's contacts and a worker's phone.
    public var sealedColumns: [SealedColumn] { [SealedContacts.column, WorkforceRepository.phoneColumn] }

    public func services(_ context: ProgrammeContext) -> [any Service] {
        [
            ExitReviewScanner(context: context), RedVisitOverdueNotices(context: context),
            context.noticeEscalation([RedVisitOverdueNotices.rule])
        ]
    }

    public func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        let files = FileRepository(context: context)
        return FileEndpoints(files: files).endpoints + VisitEndpoints(files: files).endpoints
            + RiskEndpoints(files: files).endpoints + WorklistEndpoints().endpoints
            + [ExportEndpoint(files: files).endpoint, UploadEndpoint(logger: context.logger).endpoint]
            + AgreementEndpoints(files: files).endpoints + TransferEndpoints(transfers: TransferRepository(context: context)).endpoints
            + SurveyEndpoints(surveys: SurveyRepository(context: context)).endpoints
            + WorkforceEndpoints(workforce: WorkforceRepository(context: context)).endpoints
    }

    public func pages(_ context: ProgrammeContext) -> [Page] { RegistryPages(files: FileRepository(context: context)).pages }
    public func panels(_ context: ProgrammeContext) -> [HomePanel] { RegistryPages(files: FileRepository(context: context)).panels }
}

/// The registry's permissions and the four roles of the issue: village director, township supervisor,
/// county manager, read-only viewer.
public enum RegistryPermissions {
    public static let childRead: Permission = "registry.child.read"
    public static let childWrite: Permission = "registry.child.write"
    /// Unmasked ID numbers and phone numbers; every unmasked view is audited.
    public static let piiRead: Permission = "registry.pii.read"
    public static let visitRecord: Permission = "registry.visit.record"
    public static let visitReview: Permission = "registry.visit.review"
    public static let riskSet: Permission = "registry.risk.set"
    public static let riskConfirm: Permission = "registry.risk.confirm"
    public static let indicatorRead: Permission = "registry.indicator.read"
    public static let fileImport: Permission = "registry.file.import"
    public static let fileExport: Permission = "registry.file.export"
    /// Opening survey rounds (一年两排) for a district's subtree.
    public static let surveyManage: Permission = "registry.survey.manage"
    /// Recording appointments and training of child directors and supervisors.
    public static let workforceManage: Permission = "registry.workforce.manage"

    public static let all = [
        childRead, childWrite, piiRead, visitRecord, visitReview, riskSet, riskConfirm, indicatorRead, fileImport, fileExport,
        surveyManage, workforceManage
    ]

    public static let roles: [Role] = [
        Role(
            "registry.director", title: .init(zh: "村(居)儿童主任", en: "Village child director"),
            permissions: [childRead, childWrite, visitRecord, riskSet, indicatorRead]),
        Role(
            "registry.supervisor", title: .init(zh: "乡镇(街道)儿童督导员", en: "Township child supervisor"),
            permissions: [childRead, childWrite, visitRecord, visitReview, riskSet, riskConfirm, indicatorRead, fileExport]),
        Role("registry.manager", title: .init(zh: "县级民政儿童工作管理员", en: "County manager"), permissions: all),
        Role("registry.viewer", title: .init(zh: "只读查看", en: "Read-only viewer"), permissions: [childRead, indicatorRead])
    ]
}

/// The rules that differ by place, as policy settings with a default and its source.
enum RegistryPolicy {
    static let riskScheme = PolicyKey(
        "registry.risk-scheme", title: .init(zh: "四色风险等级与走访间隔", en: "Risk colours and visit intervals"),
        defaultValue: RiskScheme.standard, source: "常州市民政局等 2024 年三年行动实施方案 (一月一访, 四色管理); 各地可按本地方案覆盖")
    static let derivationRules = PolicyKey(
        "registry.derivation-rules", title: .init(zh: "儿童类别认定规则", en: "Category derivation rules"),
        defaultValue: DerivationRules.national, source: "国发〔2016〕13号; 民发〔2019〕62号; 民发〔2020〕125号")
    static let localCategories = PolicyKey<[String: String]>(
        "registry.local-categories", title: .init(zh: "本地增设的儿童类别 (代码 → 名称)", en: "Categories a district adds (code → name)"),
        defaultValue: [:], source: "各地可增设本地类别, 如深圳 临时困境 (domain-rules §3.2)")

    /// Which visit modes count toward the colour's visit interval: a visit in another mode is recorded but does not
    /// move the next visit's due date (it can only bring it forward, when its findings force red).
    static let cadenceVisitModes = PolicyKey<[VisitMode]>(
        "registry.cadence-visit-modes", title: .init(zh: "计入走访周期的走访方式", en: "Visit modes that count toward the visit interval"),
        defaultValue: VisitMode.allCases,
        source: "国家层面未限定走访方式 (内蒙古 2022 探访关爱允许即时通讯探访, domain-rules §1.5); 常州、武进 一月至少1次入户巡访 (seed 004): 设为 [\"home\"]")

    static var keys: [AnyPolicyKey] {
        [
            riskScheme.erased, derivationRules.erased, localCategories.erased, cadenceVisitModes.erased,
            RedVisitOverdueNotices.escalationDelay.erased
        ]
    }
}
