import ArgumentParser
import Contract
import DropoutControlInterface
import Foundation

/// 控辍保学 — the dropout-control programme county education bureaus run: enrolment snapshots from the school
/// registry (学籍库), the comparison with the children civil affairs follows (四查三比对) into three ledgers, cases
/// from suspicion through persuasion (劝返复学), written report and legal measures to 动态销号, home teaching
/// (送教上门), one-to-one pairing and the reporting indicators of 教基厅函〔2024〕15号. It learns about children only
/// from the registry's events, so it runs in a gateway of its own.
public struct DropoutControlProgramme: Programme {
    public static let id = "dropout-control"
    public static let title = Localized(zh: "控辍保学", en: "Dropout control")
    public static let command: (any ParsableCommand.Type)? = DropoutCommand.self

    public init() {}

    public var migrations: [Migration] { DropoutSchema.migrations }
    public var permissions: [Permission] { DropoutPermissions.all }
    public var roles: [Role] { DropoutPermissions.roles }
    public var policyKeys: [AnyPolicyKey] { DropoutPolicy.keys }
    public var topics: [AnyEventTopic] {
        [.init(DropoutControlTopics.caseOpened), .init(DropoutControlTopics.childReturned), .init(DropoutControlTopics.caseClosed)]
    }

    public var districtReferences: [DistrictReference] {
        [
            ("watch", "residence_district"), ("watch", "hukou_district"), ("comparisons", "district"),
            ("out_of_school", "residence_district"),
            ("out_of_school", "hukou_district"), ("enrolments", "school_district"), ("absences", "school_district"), ("cases", "district"),
            ("cases", "residence_district"), ("teaching_plans", "district"), ("pairings", "district")
        ]
        .map { DistrictReference(table: "dropout_control.\($0.0)", column: $0.1) }
    }

    public func subscriptions(_ context: ProgrammeContext) -> [EventSubscription] {
        WatchList(context: context).subscriptions
    }

    public func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        let cases = CaseRepository(context: context)
        return ComparisonEndpoints(context: context).endpoints + AbsenceEndpoints(cases: cases).endpoints
            + CaseEndpoints(cases: cases).endpoints
            + HomeTeachingEndpoints(context: context).endpoints + IndicatorEndpoints(context: context).endpoints
    }

    public func pages(_ context: ProgrammeContext) -> [Page] { DropoutPages(context: context).pages }
    public func panels(_ context: ProgrammeContext) -> [HomePanel] { DropoutPages(context: context).panels }
}

/// The programme's permissions and its four roles: school staff, township officer, county officer, viewer.
public enum DropoutPermissions {
    public static let ledgerRead: Permission = "dropout-control.ledger.read"
    public static let comparisonRun: Permission = "dropout-control.comparison.run"
    public static let absenceReport: Permission = "dropout-control.absence.report"
    public static let caseRead: Permission = "dropout-control.case.read"
    public static let caseWrite: Permission = "dropout-control.case.write"
    /// Written reports, legal measures and closure (动态销号).
    public static let caseEscalate: Permission = "dropout-control.case.escalate"
    public static let teachingRead: Permission = "dropout-control.teaching.read"
    public static let teachingWrite: Permission = "dropout-control.teaching.write"
    public static let indicatorRead: Permission = "dropout-control.indicator.read"

    public static let all = [
        ledgerRead, comparisonRun, absenceReport, caseRead, caseWrite, caseEscalate, teachingRead, teachingWrite, indicatorRead
    ]

    /// A school user is granted at the school's district: scope covers the students enrolled there.
    public static let roles: [Role] = [
        Role(
            "dropout-control.school", title: .init(zh: "学校控辍保学专干", en: "School staff"),
            permissions: [ledgerRead, absenceReport, caseRead, caseWrite, teachingRead, teachingWrite]),
        Role(
            "dropout-control.township", title: .init(zh: "乡镇(街道)控辍保学专干", en: "Township officer"),
            permissions: [ledgerRead, caseRead, caseWrite, teachingRead, indicatorRead]),
        Role("dropout-control.officer", title: .init(zh: "县级教育部门控辍保学专员", en: "County education officer"), permissions: all),
        Role(
            "dropout-control.viewer", title: .init(zh: "只读查看", en: "Read-only viewer"),
            permissions: [ledgerRead, caseRead, teachingRead, indicatorRead])
    ]
}

/// The rules that differ by place, with their defaults and sources.
enum DropoutPolicy {
    static let schoolAge = PolicyKey(
        "dropout-control.school-age",
        title: .init(zh: "义务教育适龄: 入学年龄截止日、入学年龄、年限", en: "Compulsory-school age: cut-off date, entry age, years"),
        defaultValue: SchoolAgeRule.national, source: "义务教育法 第11条 (满六周岁入学, 九年义务教育); 入学年龄截止日各地规定, 多为 8 月 31 日")
    static let absenceThreshold = PolicyKey(
        "dropout-control.absence-threshold-days",
        title: .init(zh: "疑似辍学: 连续无故缺勤超过的天数", en: "Suspected dropout: more than this many consecutive unexplained absence days"),
        defaultValue: 3, source: "无全国统一规定 (domain-rules §4.2); 默认取临沧市做法: 无故连续缺课超过 3 个工作日列入名单报县教育局和乡镇")
    static let persuasion = PolicyKey(
        "dropout-control.persuasion",
        title: .init(zh: "劝返: 书面报告前的失败次数与天数, 复学跟踪月数", en: "Persuasion: failed attempts and days before a written report; follow-up months"),
        defaultValue: PersuasionRule.standard,
        source: "无全国统一规定; 默认参照动员复学制度样本 (劝返不成报乡镇政府和县教育局) 与临沧 15 日内报告; 复学跟踪 3 个月无文件依据, 请按本地方案设置")
    static let homeTeaching = PolicyKey(
        "dropout-control.home-teaching-frequency", title: .init(zh: "送教上门频次", en: "Home-teaching frequency"),
        defaultValue: HomeTeachingFrequency.standard,
        source: "《常州市农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》: 原则上每月上门不少于 2 次; 山东、河南为每周 2 次")

    static var keys: [AnyPolicyKey] { [schoolAge.erased, absenceThreshold.erased, persuasion.erased, homeTeaching.erased] }
}
